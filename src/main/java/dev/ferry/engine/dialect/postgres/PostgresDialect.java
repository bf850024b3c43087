package dev.ferry.engine.dialect.postgres;

import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.catalog.Column;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.catalog.View;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.DatabaseKind;
import dev.ferry.engine.dialect.Dialect;
import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.dialect.ReadinessFinding;
import dev.ferry.engine.rows.PgCopyRowSource;
import dev.ferry.engine.rows.RowSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

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
  public RowSource openRows(
      Connection c, String select, List<ColumnPlan> columns, AtomicLong nulledValues)
      throws SQLException {
    // the source's own COPY text is the target's input: no value is decoded on the way
    return new PgCopyRowSource(c, select, columns.stream().map(ColumnPlan::name).toList());
  }

  @Override
  public void prepareForReading(Connection c) throws SQLException {
    c.setAutoCommit(false);
  }

  @Override
  public SnapshotSharing snapshotSharing() {
    return SnapshotSharing.EXPORTED;
  }

  @Override
  public String exportSnapshot(Connection holder) throws SQLException {
    holder.setAutoCommit(false);
    try (Statement st = holder.createStatement()) {
      st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      try (ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()")) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  @Override
  public void joinSnapshot(Connection c, String snapshot) throws SQLException {
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      st.execute("SET TRANSACTION SNAPSHOT '" + snapshot.replace("'", "''") + "'");
    }
  }

  @Override
  public String viewQuery(View v) {
    return v.definition(); // pg_get_viewdef: the query alone
  }

  @Override
  public boolean viewsNeedTranslation() {
    return false;
  }

  @Override
  public boolean keepsIdentifiers() {
    return true; // PostgreSQL → PostgreSQL: "Customer" stays "Customer"
  }

  @Override
  public boolean replaysIndexDefinitions() {
    return true; // pg_get_indexdef
  }

  @Override
  public List<ReadinessFinding> readiness(Connection c, ConnectionSpec spec) throws SQLException {
    return PostgresReadiness.of(c);
  }
}
