package dev.ferry.engine.catalog;

import java.util.List;

/**
 * A secondary index. {@code columns} are plain column names; an index on expressions has {@code
 * expressions} (source SQL) instead. {@code predicate} is the WHERE clause of a partial index. For
 * PostgreSQL sources {@code definition} is what {@code pg_get_indexdef} prints after the table
 * ({@code USING btree ("Name" DESC) INCLUDE (…) WHERE …}), for exact re-creation on another table.
 */
public record Index(
    String name,
    List<String> columns,
    boolean unique,
    List<String> expressions,
    String predicate,
    String method,
    String definition) {

  public Index {
    columns = columns == null ? List.of() : List.copyOf(columns);
    expressions = expressions == null ? List.of() : List.copyOf(expressions);
  }

  public boolean isExpressionIndex() {
    return !expressions.isEmpty();
  }
}
