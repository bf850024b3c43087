/**
 * Backups before a write, their manifests of SHA-256 checksums, trial restores and restores. The
 * tool that backs up a kind of database is a {@link dev.ferry.engine.backup.BackupTool} service
 * living with that database's dialect ({@code pg_dump} for PostgreSQL, a compressed copy for a
 * SQLite file), so no code in this package names a database. Depends on connect and core. No
 * JavaFX.
 */
package dev.ferry.engine.backup;
