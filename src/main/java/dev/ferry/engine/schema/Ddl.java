package dev.ferry.engine.schema;

import java.util.List;

/**
 * DDL for the target: the target table it belongs to (null for schema-wide statements), what it
 * creates in the DBA's words, and its statements, run in order. {@code optional} DDL (translated
 * CHECKs, views from another dialect) may fail: the failure becomes a warning. For a foreign key,
 * {@code references} is the target table it points to (null otherwise).
 */
public record Ddl(
    String table,
    String description,
    List<String> statements,
    boolean optional,
    String references) {
  public Ddl {
    statements = List.copyOf(statements);
  }

  public static Ddl of(String table, String description, String... statements) {
    return new Ddl(table, description, List.of(statements), false, null);
  }

  public static Ddl optional(String table, String description, String... statements) {
    return new Ddl(table, description, List.of(statements), true, null);
  }

  /** The statements as one script. */
  public String sql() {
    return String.join(";\n", statements);
  }
}
