/**
 * Schema changes on an existing PostgreSQL: a folder of Flyway migrations run through Flyway's API
 * (info, validate, migrate, baseline, repair), and dry runs that execute the pending scripts inside
 * one transaction, compare the catalog before and inside it, and roll back. No JavaFX.
 */
package dev.ferry.engine.change;
