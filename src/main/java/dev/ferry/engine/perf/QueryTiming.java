package dev.ferry.engine.perf;

/**
 * One query timed with {@code EXPLAIN (ANALYZE, BUFFERS)}: the median execution time of several
 * runs, planning time, buffers of the median run, the plan's shape, and the limit the query file
 * declares ({@code -- max: 100ms}) and how much slower than its baseline it may be ({@code --
 * tolerance: 10%}, as a fraction; null: the project's); or the error that stopped it.
 */
public record QueryTiming(
    String name,
    double executionMs,
    double planningMs,
    long sharedHitBlocks,
    long sharedReadBlocks,
    String plan,
    Double maxMs,
    String error,
    Double tolerance) {}
