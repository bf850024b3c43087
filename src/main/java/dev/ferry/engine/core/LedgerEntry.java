package dev.ferry.engine.core;

/**
 * One planned object of a run's ledger: what it is ({@code object}, in the DBA's words, e.g. "index
 * users_email_idx"), the target table it belongs to (null for schema-wide objects), what became of
 * it, and why when it failed.
 */
public record LedgerEntry(String object, String table, ObjectState state, String detail) {}
