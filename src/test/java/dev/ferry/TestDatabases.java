package dev.ferry;

import dev.ferry.engine.connect.ConnectionSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Scratch databases on the real servers the tests run against (never mocks). Each test gets its own
 * database, dropped afterwards. Servers: {@code FERRY_TEST_PG} (default
 * jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres) and {@code FERRY_TEST_MYSQL} (default
 * jdbc:mariadb://127.0.0.1:3306/?user=root).
 */
public final class TestDatabases {
  private TestDatabases() {}

  public static String pgAdminUrl() {
    String v = System.getenv("FERRY_TEST_PG");
    return v != null ? v : "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
  }

  public static String mysqlAdminUrl() {
    String v = System.getenv("FERRY_TEST_MYSQL");
    return v != null ? v : "jdbc:mariadb://127.0.0.1:3306/?user=root";
  }

  /** A fresh PostgreSQL database; closing drops it. */
  public static Scratch postgres() throws SQLException {
    String name = "ferry_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(pgAdminUrl());
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    String url = pgAdminUrl().replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
    return new Scratch(
        name,
        url,
        () -> {
          try (Connection c = DriverManager.getConnection(pgAdminUrl());
              Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
          }
        });
  }

  /** A fresh MariaDB/MySQL database; closing drops it. */
  public static Scratch mysql() throws SQLException {
    String name =
        "ferry_t_"
            + UUID.randomUUID()
                .toString()
                .replace("-", "")
                .substring(0, 12)
                .toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(mysqlAdminUrl());
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
    }
    String url = mysqlAdminUrl().replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
    return new Scratch(
        name,
        url,
        () -> {
          try (Connection c = DriverManager.getConnection(mysqlAdminUrl());
              Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name);
          }
        });
  }

  /** A database that drops itself. */
  public record Scratch(String name, String url, Dropper dropper) implements AutoCloseable {
    public ConnectionSpec spec() {
      return ConnectionSpec.parse(url);
    }

    public Connection connect() throws SQLException {
      return DriverManager.getConnection(url);
    }

    /** The first row of a query as column → text (PostgreSQL sessions in UTC). */
    public Map<String, String> row(String sql) throws SQLException {
      try (Connection c = connect();
          Statement st = c.createStatement()) {
        if (url.startsWith("jdbc:postgresql:")) {
          st.execute("SET TimeZone = 'UTC'");
        }
        try (ResultSet rs = st.executeQuery(sql)) {
          if (!rs.next()) {
            throw new AssertionError("no row for " + sql);
          }
          Map<String, String> m = new LinkedHashMap<>();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            m.put(rs.getMetaData().getColumnName(i), rs.getString(i));
          }
          return m;
        }
      }
    }

    /** The first column of every row of a query, as text. */
    public List<String> column(String sql) throws SQLException {
      List<String> out = new ArrayList<>();
      try (Connection c = connect();
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(sql)) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }

    @Override
    public void close() throws SQLException {
      dropper.drop();
    }
  }

  /** Drops a scratch database. */
  @FunctionalInterface
  public interface Dropper {
    void drop() throws SQLException;
  }
}
