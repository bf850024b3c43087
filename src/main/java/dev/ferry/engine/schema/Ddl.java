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
    String references,
    Kind kind,
    String name) {
  /** What a statement makes, for reading it back from the target's catalog. */
  public enum Kind {
    TABLE,
    PRIMARY_KEY,
    UNIQUE,
    INDEX,
    CHECK,
    FOREIGN_KEY,
    TRIGGER,
    VIEW,
    MATERIALIZED_VIEW,
    SEQUENCE,
    /** A function or procedure; its name is {@code name(identity arguments)}, unquoted. */
    ROUTINE,
    POLICY
  }

  public Ddl {
    statements = List.copyOf(statements);
  }

  public Ddl(
      String table,
      String description,
      List<String> statements,
      boolean optional,
      String references) {
    this(table, description, statements, optional, references, null, null);
  }

  public static Ddl of(String table, String description, String... statements) {
    return new Ddl(table, description, List.of(statements), false, null);
  }

  public static Ddl optional(String table, String description, String... statements) {
    return new Ddl(table, description, List.of(statements), true, null);
  }

  /** The same DDL, saying what it makes and its name in the target schema. */
  public Ddl makes(Kind k, String objectName) {
    return new Ddl(table, description, statements, optional, references, k, objectName);
  }

  /** The statements as one script. */
  public String sql() {
    return String.join(";\n", statements);
  }
}
