/**
 * Query performance baselines (seed 002): the queries of a project's {@code perf/} folder timed
 * with {@code EXPLAIN (ANALYZE, BUFFERS)} before a change and compared after it. Depends on the
 * JDBC connection only; no JavaFX, no printing.
 */
package dev.ferry.engine.perf;
