package dev.ferry.engine.catalog;

import java.util.List;

/**
 * A column as the source declares it. {@code baseType} is the lower-cased type name without
 * modifiers ({@code varchar}, {@code int unsigned} → {@code int}); {@code declaredType} is the full
 * text. {@code enumValues} holds the members of MySQL enum and set types.
 */
public record Column(
    String name,
    int position,
    String declaredType,
    String baseType,
    Integer length,
    Integer precision,
    Integer scale,
    boolean nullable,
    String defaultExpr,
    boolean autoIncrement,
    boolean unsigned,
    List<String> enumValues,
    String onUpdate) {

  public Column {
    enumValues = enumValues == null ? List.of() : List.copyOf(enumValues);
  }
}
