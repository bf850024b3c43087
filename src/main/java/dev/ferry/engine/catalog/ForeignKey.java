package dev.ferry.engine.catalog;

import java.util.List;
import java.util.Locale;

/** A foreign key with its referential actions ({@code CASCADE}, {@code SET NULL}, …). */
public record ForeignKey(
    String name,
    List<String> columns,
    TableId references,
    List<String> referencedColumns,
    String onDelete,
    String onUpdate,
    boolean deferrable) {

  public ForeignKey {
    columns = List.copyOf(columns);
    referencedColumns = referencedColumns == null ? List.of() : List.copyOf(referencedColumns);
  }

  /** The parent's columns this key points at: as declared, else the parent's primary key. */
  public List<String> parentColumns(Table parent) {
    return referencedColumns.isEmpty() && parent.primaryKey() != null
        ? parent.primaryKey().columns()
        : referencedColumns;
  }

  /** A referential action as PostgreSQL spells it (NO ACTION when the source says none). */
  public static String action(String a) {
    String up = a == null ? "" : a.toUpperCase(Locale.ROOT);
    return switch (up) {
      case "CASCADE", "RESTRICT", "SET NULL", "SET DEFAULT" -> up;
      default -> "NO ACTION";
    };
  }
}
