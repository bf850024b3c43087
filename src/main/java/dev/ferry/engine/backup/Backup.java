package dev.ferry.engine.backup;

import java.time.Instant;

/**
 * A backup on disk and its manifest's facts; {@code server} says which server (or file) it is of
 * ({@link Backups#identity}), null in manifests written before Ferry recorded it.
 */
public record Backup(
    String file,
    String sha256,
    long bytes,
    String database,
    String serverVersion,
    String tool,
    Instant at,
    String server) {}
