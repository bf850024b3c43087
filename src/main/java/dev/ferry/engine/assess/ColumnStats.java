package dev.ferry.engine.assess;

/**
 * A column's data profile, like PostgreSQL's {@code pg_stats} but computed for any source: the
 * fraction of NULLs, the number of distinct values, min and max (as text), the longest value and
 * the average width in characters. {@code sampledRows} says how many rows were read: the whole
 * table, or the first rows up to the sample bound for large tables (then distinct is a lower
 * bound).
 */
public record ColumnStats(
    String table,
    String column,
    long sampledRows,
    boolean wholeTable,
    double nullFraction,
    long distinct,
    String min,
    String max,
    long maxLength,
    double averageWidth) {}
