package dev.ferry.engine.catalog;

/**
 * A table of a source: the source's name (an SQLite file's stem, a database name), the schema
 * (PostgreSQL) or {@code null}, and the table name exactly as the source spells it.
 */
public record TableId(String source, String schema, String name) {
  /** A readable, unambiguous label for messages: {@code source:schema.name}. */
  public String label() {
    return source + ":" + (schema == null ? "" : schema + ".") + name;
  }

  @Override
  public String toString() {
    return label();
  }
}
