/**
 * Schema changes on an existing PostgreSQL from a folder of Flyway migrations. {@link
 * ChangeProject} is the front door: configured once ({@link ChangeConfiguration}), each command
 * returns a record and delegates to one package-private class — Flyway's info, validate, migrate,
 * baseline and repair; the dry run that executes the pending scripts in one transaction, compares
 * the catalog and rolls back; the lock-risk analysis; undo; verification (SQL checks, row-level
 * security, internal views); and change control: approvals, the journaled migrate, performance
 * baselines, backups, the report's data. {@link SchemaChanges} and {@link ChangeControl} are the
 * console's views of the same project.
 *
 * <p>Depends on the engine's kernel, connections, dialect identifiers, backup, perf and journal
 * packages, on Flyway and Jackson; no JavaFX, nothing above the engine.
 */
package dev.ferry.engine.change;
