/**
 * MySQL and MariaDB as a source: catalog read through information_schema, defaults translated from
 * MySQL's syntax, its settings reported and zero dates counted before the load; Ferry only reads
 * these databases, so their backup tool refuses with the advice to use mysqldump. Found as a
 * service: this package is named once in {@code META-INF/services/dev.ferry.engine.dialect.Dialect}
 * (and its backup tool in {@code …backup.BackupTool}); a new source database is a new sibling
 * package plus those lines. Depends on dialect, catalog, cast, connect, backup and core; nothing
 * depends on it by name.
 */
package dev.ferry.engine.dialect.mysql;
