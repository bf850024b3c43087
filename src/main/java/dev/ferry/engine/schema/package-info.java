/**
 * The target's DDL and the phases that run it: {@code SchemaBuilder} turns a plan and the source
 * catalogs into a {@code SchemaScript}; {@code SchemaPhase} creates the schema before the data,
 * {@code ConstraintsPhase} keys, indexes, checks, foreign keys, triggers and views after it, then
 * {@code IdentityReset} and {@code Analyze}. {@code TargetPolicy} decides about tables already
 * there; {@code DdlRunner} is the one place a DDL statement runs. Uses cast, catalog, connect,
 * core, dialect (for what differs between sources), event, journal and plan.
 */
package dev.ferry.engine.schema;
