/**
 * The validation phase: row counts, order-independent checksums of normalised values computed on
 * both sides while streaming, per-column null counts and numeric min/max/sum, foreign-key orphans
 * on the target ({@code Orphans}), the first differing rows ({@code FirstDifferences}), and the
 * schema section ({@code SchemaSection}): the planned objects read back from the target's catalog
 * ({@code TargetCatalog}) and compared with what the plan and the source catalogs say they are
 * ({@code PlannedObjects}). Uses cast, catalog, connect, core, dialect, event, plan, rows and
 * schema.
 */
package dev.ferry.engine.validate;
