/**
 * SQLite as a source: catalog read through sqlite_master and the PRAGMAs, values profiled by
 * storage class (a declared type does not bound what a column holds), defaults and CHECK text
 * parsed from the table's SQL, readiness (integrity, write-ahead log) and data-risk queries, and
 * the backup tool ({@code VACUUM INTO} + gzip). Found as a service: this package is named once in
 * {@code META-INF/services/dev.ferry.engine.dialect.Dialect} (and its backup tool in {@code
 * …backup.BackupTool}); a new source database is a new sibling package plus those lines. Depends on
 * dialect, catalog, cast, connect, backup and core; nothing depends on it by name.
 */
package dev.ferry.engine.dialect.sqlite;
