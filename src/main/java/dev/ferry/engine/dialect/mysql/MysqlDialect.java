package dev.ferry.engine.dialect.mysql;

import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.cast.NumericTime;
import dev.ferry.engine.cast.Transform;
import dev.ferry.engine.catalog.Column;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.DatabaseKind;
import dev.ferry.engine.dialect.DataRiskQueries;
import dev.ferry.engine.dialect.Dialect;
import dev.ferry.engine.dialect.ReadinessFinding;
import dev.ferry.engine.dialect.ReadinessFinding.Level;
import dev.ferry.engine.rows.FieldReader;
import dev.ferry.engine.rows.FieldReaders;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * MySQL and MariaDB: introspection through information_schema, defaults translated from MySQL's
 * syntax, its settings reported and its zero dates counted before the load.
 */
public final class MysqlDialect implements Dialect {
  @Override
  public DatabaseKind kind() {
    return DatabaseKind.MYSQL;
  }

  @Override
  public String quote(String identifier) {
    return '`' + identifier.replace("`", "``") + '`';
  }

  @Override
  public String qualifiedName(Table t) {
    return quote(t.id().schema()) + "." + quote(t.name());
  }

  @Override
  public SourceCatalog introspect(Connection c, String sourceName, List<String> schemas)
      throws SQLException {
    return new MysqlIntrospection(this).read(c, sourceName, schemas);
  }

  @Override
  public Optional<String> targetDefault(Column c, ColumnPlan plan, List<String> untranslated) {
    String d = c.defaultExpr();
    if (d == null || d.equalsIgnoreCase("NULL")) {
      return Optional.empty();
    }
    String lower = d.toLowerCase(Locale.ROOT);
    if (lower.matches("current_timestamp(\\(\\d*\\))?|now\\(\\d*\\)|localtimestamp(\\(\\d*\\))?")) {
      return Optional.of(
          plan.transform() == Transform.TIMESTAMP ? "LOCALTIMESTAMP" : "CURRENT_TIMESTAMP");
    }
    if (lower.matches("curdate\\(\\)|current_date(\\(\\))?")) {
      return Optional.of("CURRENT_DATE");
    }
    String literal = d;
    if (d.length() >= 2 && d.startsWith("'") && d.endsWith("'")) {
      literal = d.substring(1, d.length() - 1).replace("''", "'").replace("\\\\", "\\");
    } else if (d.matches("[-+]?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")) {
      if (plan.transform() == Transform.BOOLEAN || plan.transform() == Transform.BIT_BOOLEAN) {
        return Optional.of(Double.parseDouble(d) != 0 ? "true" : "false");
      }
      return Optional.of(d);
    } else if (d.matches("(?i)b'[01]+'")) {
      String bits = d.substring(2, d.length() - 1);
      return Optional.of(
          plan.transform() == Transform.BIT_BOOLEAN
              ? (bits.contains("1") ? "true" : "false")
              : "B'" + bits + "'");
    } else if (d.contains("(")) {
      untranslated.add(d);
      return Optional.empty();
    }
    if (literal.startsWith("0000-00-00")) {
      untranslated.add(d + " (a zero date)");
      return Optional.empty();
    }
    if (plan.transform() == Transform.BOOLEAN) {
      return Optional.of(literal.equals("0") ? "false" : "true");
    }
    return Optional.of("'" + literal.replace("'", "''") + "'::" + plan.type());
  }

  @Override
  public FieldReader fieldReader(ColumnPlan column, AtomicLong nulledValues) {
    return switch (column.transform()) {
      // the driver converts any column character set (latin1, utf8mb4 …) to a String
      case TEXT, JSON, INTEGER, PASSTHROUGH -> FieldReaders.textAsString(column.name());
      case TIMESTAMPTZ, TIMESTAMP, DATE -> dateTime(column, nulledValues);
      default -> FieldReaders.of(column);
    };
  }

  /** Dates read as text, so a zero date ('0000-00-00') is seen and becomes NULL, counted. */
  private static FieldReader dateTime(ColumnPlan column, AtomicLong zeroDates) {
    String name = column.name();
    NumericTime unit = FieldReaders.unitOf(column);
    return (rs, i, out) -> {
      String s = rs.getString(i);
      if (s == null) {
        out.writeNull();
        return;
      }
      if (isZeroDate(s)) {
        zeroDates.incrementAndGet();
        out.writeNull();
        return;
      }
      FieldReaders.writeTemporal(out, s, column.transform(), unit, name);
    };
  }

  static boolean isZeroDate(String s) {
    return s.startsWith("0000-00-00")
        || s.length() >= 10 && (s.startsWith("-00", 4) || s.startsWith("-00", 7));
  }

  /** MySQL's text type in CAST is CHAR; its length() counts bytes, char_length() characters. */
  @Override
  public String asText(String expression) {
    return "CAST(" + expression + " AS CHAR)";
  }

  @Override
  public String length(String expression) {
    return "char_length(" + expression + ")";
  }

  @Override
  public SnapshotSharing snapshotSharing() {
    return SnapshotSharing.OPENED_TOGETHER;
  }

  /**
   * Holds every table still while the load's sessions start their consistent reads; waits at most
   * 10 s for the lock (a long query on the source would otherwise stall its writers behind it).
   */
  @Override
  public String exportSnapshot(Connection holder) throws SQLException {
    try (Statement st = holder.createStatement()) {
      st.execute("SET SESSION lock_wait_timeout = 10");
      st.execute("FLUSH TABLES WITH READ LOCK");
    }
    return "";
  }

  @Override
  public void joinSnapshot(Connection c, String snapshot) throws SQLException {
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      st.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
      st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
    }
  }

  @Override
  public void endExport(Connection holder) throws SQLException {
    try (Statement st = holder.createStatement()) {
      st.execute("UNLOCK TABLES");
    }
  }

  @Override
  public List<ReadinessFinding> readiness(Connection c, ConnectionSpec spec) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT @@sql_mode, @@character_set_database, @@lower_case_table_names")) {
      rs.next();
      return List.of(
          new ReadinessFinding(
              "mysql-settings",
              Level.INFO,
              "sql_mode="
                  + rs.getString(1)
                  + ", character set "
                  + rs.getString(2)
                  + ", lower_case_table_names="
                  + rs.getInt(3)
                  + " (Ferry reads every column as UTF-8 and allows invalid dates while reading, to report them)",
              null));
    }
  }

  /** Zero dates (0000-00-00), which PostgreSQL has no equivalent of, are loaded as NULL. */
  @Override
  public DataRiskQueries dataRiskQueries() {
    return new DataRiskQueries() {
      @Override
      public Optional<String> zeroDates(Table t, String column) {
        return Optional.of(
            "SELECT count(*) FROM "
                + qualifiedName(t)
                + " WHERE "
                + asText(quote(column))
                + " LIKE '0000-00-00%'");
      }
    };
  }
}
