package dev.ferry.engine.catalog;

/** A sequence (PostgreSQL) or an AUTOINCREMENT counter (SQLite, MySQL), with its last value. */
public record Sequence(String source, String schema, String name, long lastValue) {}
