package dev.ferry.engine.dialect.postgres;

import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.catalog.Column;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.DatabaseKind;
import dev.ferry.engine.dialect.Dialect;
import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.dialect.ReadinessFinding;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL as a source: introspection through pg_catalog, types kept exactly (format_type),
 * indexes re-created from pg_get_indexdef, enums and domains carried over, serial columns turned
 * into identity columns.
 */
public final class PostgresDialect implements Dialect {
  @Override
  public DatabaseKind kind() {
    return DatabaseKind.POSTGRESQL;
  }

  @Override
  public String quote(String identifier) {
    return Identifiers.quote(identifier);
  }

  @Override
  public String qualifiedName(Table t) {
    return Identifiers.qualified(t.id().schema(), t.name());
  }

  @Override
  public SourceCatalog introspect(Connection c, String sourceName, List<String> schemas)
      throws SQLException {
    return new PostgresIntrospection(this).read(c, sourceName, schemas);
  }

  @Override
  public Optional<String> targetDefault(Column c, ColumnPlan plan, List<String> untranslated) {
    return Optional.ofNullable(c.defaultExpr());
  }

  @Override
  public List<ReadinessFinding> readiness(Connection c, ConnectionSpec spec) throws SQLException {
    return PostgresReadiness.of(c);
  }
}
