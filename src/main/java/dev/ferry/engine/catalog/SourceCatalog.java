package dev.ferry.engine.catalog;

import dev.ferry.engine.connect.DatabaseKind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Everything introspected from one source database; {@code objects} only for PostgreSQL. */
public record SourceCatalog(
    String source,
    DatabaseKind kind,
    String serverVersion,
    List<Table> tables,
    List<View> views,
    List<Sequence> sequences,
    List<UserType> userTypes,
    List<String> extensions,
    SchemaObjects objects) {

  public SourceCatalog {
    tables = List.copyOf(tables);
    views = List.copyOf(views);
    sequences = List.copyOf(sequences);
    userTypes = List.copyOf(userTypes);
    extensions = List.copyOf(extensions);
    objects = objects == null ? SchemaObjects.NONE : objects;
  }

  /** A catalog with tables, views, counters and types only (SQLite, MySQL). */
  public SourceCatalog(
      String source,
      DatabaseKind kind,
      String serverVersion,
      List<Table> tables,
      List<View> views,
      List<Sequence> sequences,
      List<UserType> userTypes,
      List<String> extensions) {
    this(
        source,
        kind,
        serverVersion,
        tables,
        views,
        sequences,
        userTypes,
        extensions,
        SchemaObjects.NONE);
  }

  public Optional<Table> table(TableId id) {
    return tables.stream().filter(t -> t.id().equals(id)).findFirst();
  }

  /** The table a foreign key of this database points at, when it is in this catalog. */
  public Optional<Table> parentOf(ForeignKey fk) {
    return tables.stream()
        .filter(
            p ->
                p.id().name().equalsIgnoreCase(fk.references().name())
                    && Objects.equals(p.id().schema(), fk.references().schema()))
        .findFirst();
  }
}
