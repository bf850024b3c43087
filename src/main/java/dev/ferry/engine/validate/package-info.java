/**
 * Validation: row counts, order-independent checksums of normalised values computed on both sides
 * while streaming, per-column null counts and numeric min/max/sum, foreign-key orphans on the
 * target, and the first differing keys. Depends on catalog, connect, copy, dialect, event, plan.
 */
package dev.ferry.engine.validate;
