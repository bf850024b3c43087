package dev.ferry.engine.cast;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One column's mapping: source name, target name and type, the transform applied to each value and
 * the cast rule that chose them (so the DBA sees why). Edit {@code type} and {@code transform} in
 * the plan file to override a rule for this column.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColumnPlan(
    String name,
    String sourceType,
    String target,
    String type,
    Transform transform,
    String rule,
    boolean nullable,
    boolean identity,
    String defaultExpr,
    NumericTime numericTime,
    String note) {}
