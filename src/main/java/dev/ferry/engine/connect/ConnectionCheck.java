package dev.ferry.engine.connect;

/**
 * What "Test connection" found: the server, who we are on it, its encoding and whether we may
 * create tables in the schema Ferry would write to.
 */
public record ConnectionCheck(
    String target,
    String serverVersion,
    String currentUser,
    String encoding,
    String schema,
    boolean schemaExists,
    boolean canCreate) {}
