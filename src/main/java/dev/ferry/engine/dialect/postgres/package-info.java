/**
 * PostgreSQL as a source: catalog read through pg_catalog (types, index and constraint definitions
 * kept exactly, enums and domains, identity and serial columns), readiness of the shared snapshot
 * (timeouts, standby), and the backup tool for any PostgreSQL database, source or target ({@code
 * pg_dump} / {@code pg_restore}). Found as a service: this package is named once in {@code
 * META-INF/services/dev.ferry.engine.dialect.Dialect} (and its backup tool in {@code
 * …backup.BackupTool}); a new source database is a new sibling package plus those lines. Depends on
 * dialect, catalog, cast, connect, backup and core; nothing depends on it by name.
 */
package dev.ferry.engine.dialect.postgres;
