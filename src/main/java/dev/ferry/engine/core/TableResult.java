package dev.ferry.engine.core;

/** One table's load: rows read from the source, loaded, rejected, bytes sent and seconds spent. */
public record TableResult(
    String source,
    String target,
    long rowsRead,
    long rowsLoaded,
    long rowsRejected,
    long bytes,
    double seconds) {}
