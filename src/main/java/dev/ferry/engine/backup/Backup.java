package dev.ferry.engine.backup;

import java.time.Instant;

/** A backup on disk and its manifest's facts. */
public record Backup(
    String file,
    String sha256,
    long bytes,
    String database,
    String serverVersion,
    String tool,
    Instant at) {}
