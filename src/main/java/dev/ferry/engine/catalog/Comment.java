package dev.ferry.engine.catalog;

/**
 * A comment on a table, view, materialized view, sequence or one of their columns ({@code column}
 * set), or on a function or procedure ({@code routine} set): {@code kind} is the word COMMENT ON
 * takes (TABLE, VIEW, COLUMN, SEQUENCE, FUNCTION, PROCEDURE, TYPE).
 */
public record Comment(
    String kind, String schema, String object, String column, Routine routine, String text) {}
