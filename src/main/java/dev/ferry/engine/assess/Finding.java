package dev.ferry.engine.assess;

/**
 * One thing a pre-check found: a stable {@code id} (the kind of finding), its severity, the object
 * it is about ({@code source:schema.table.column}, a source, the target), a message in a DBA's
 * words and the remedy.
 */
public record Finding(String id, Severity severity, String object, String message, String remedy) {}
