/**
 * Pre-checks before a migration: each {@link dev.ferry.engine.assess.Check} inspects the sources,
 * the plan and the target and produces {@link dev.ferry.engine.assess.Finding}s. Depends on
 * catalog, connect, dialect and plan.
 */
package dev.ferry.engine.assess;
