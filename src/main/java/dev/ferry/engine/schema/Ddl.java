package dev.ferry.engine.schema;

/**
 * One DDL statement for the target: the target table it belongs to (null for schema-wide
 * statements), what it creates in the DBA's words, and the SQL. {@code optional} statements
 * (translated CHECKs, views from another dialect) may fail: the failure becomes a warning.
 */
public record Ddl(String table, String description, String sql, boolean optional) {
  public static Ddl of(String table, String description, String sql) {
    return new Ddl(table, description, sql, false);
  }

  public static Ddl optional(String table, String description, String sql) {
    return new Ddl(table, description, sql, true);
  }
}
