/**
 * How one source column becomes a target column: the cast rules (data, per source database), the
 * transform applied to each value, the data profile that decides between rules, and a column's
 * mapping in the plan ({@code ColumnPlan}). Below the dialects, which read values by these
 * transforms; uses only {@code catalog} and {@code connect}.
 */
package dev.ferry.engine.cast;
