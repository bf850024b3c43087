/**
 * Pre-checks before a migration: each {@link dev.ferry.engine.assess.Check} inspects the sources,
 * the plan and the target and produces {@link dev.ferry.engine.assess.Finding}s; what differs
 * between databases it asks of the dialect. Uses cast, catalog, connect, dialect, plan and rows.
 */
package dev.ferry.engine.assess;
