/**
 * Backups before a write: {@code pg_dump} custom-format dumps of a PostgreSQL target (the tool
 * found and its version checked against the server), each with a manifest of SHA-256 checksums, and
 * their restore. No JavaFX.
 */
package dev.ferry.engine.backup;
