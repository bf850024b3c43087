package dev.ferry.engine.catalog;

import java.util.List;

/** A primary key or unique constraint: a name (may be null in SQLite) and its columns in order. */
public record Key(String name, List<String> columns) {
  public Key {
    columns = List.copyOf(columns);
  }
}
