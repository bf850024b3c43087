/**
 * The validation phase: row counts, order-independent checksums of normalised values computed on
 * both sides while streaming, per-column null counts and numeric min/max/sum, foreign-key orphans
 * on the target ({@code Orphans}), and the first differing rows ({@code FirstDifferences}). Uses
 * cast, catalog, connect, core, dialect, event, plan and rows.
 */
package dev.ferry.engine.validate;
