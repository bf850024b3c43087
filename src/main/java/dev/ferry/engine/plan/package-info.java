/**
 * The migration plan (sources, target, settings, tables and their column mappings, waivers), read
 * and written as YAML by {@code PlanFile}; the {@code Planner} that makes the default plan from the
 * sources' catalogs and data profiles; {@code PlanCheck}, which refuses a plan the sources no
 * longer match. Uses cast, catalog, connect, core and dialect.
 */
package dev.ferry.engine.plan;
