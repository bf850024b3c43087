package dev.ferry.engine.assess;

/**
 * How long the migration should take, from the sizes and a short measured sample on these two
 * servers: rows per second read from the largest source table and written into the target with
 * COPY, then seconds per phase (like seed 001's timeline). Constraints and validation are projected
 * from the data phase with the ratios measured in BENCHMARKS.md. Downtime is the window in which
 * the source must not change: data, constraints and validation.
 */
public record Estimate(
    String sampledTable,
    long sampleRows,
    double readRowsPerSecond,
    double writeRowsPerSecond,
    double preparationSeconds,
    double dataSeconds,
    double constraintsSeconds,
    double validationSeconds,
    double downtimeSeconds) {}
