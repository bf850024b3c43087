package dev.ferry.engine.connect;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Opens connections with the session settings every Ferry session uses, so that what is read from a
 * source, what is loaded and what validation reads back are printed the same way (UTC, ISO dates,
 * hex bytea, shortest exact floats).
 */
public final class Sessions {
  private Sessions() {}

  /** A read-only source connection. */
  public static Connection openSource(ConnectionSpec spec) throws SQLException {
    Connection c = spec.openReadOnly();
    try (Statement st = c.createStatement()) {
      switch (spec.kind()) {
        case POSTGRESQL -> {
          st.execute("SET TimeZone = 'UTC'");
          st.execute("SET DateStyle = 'ISO, YMD'");
          st.execute("SET IntervalStyle = 'postgres'");
          st.execute("SET bytea_output = 'hex'");
          st.execute("SET extra_float_digits = 1");
        }
        case MYSQL -> {
          // timestamps come back as UTC; strings as UTF-8 whatever the column's character set
          st.execute("SET time_zone = '+00:00'");
          st.execute("SET NAMES utf8mb4");
          st.execute("SET SESSION sql_mode = CONCAT(@@sql_mode, ',ALLOW_INVALID_DATES')");
        }
        case SQLITE -> {}
      }
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** A target connection with its search_path on the target schema. */
  public static Connection openTarget(ConnectionSpec spec, String schema) throws SQLException {
    Connection c = spec.open();
    try (Statement st = c.createStatement()) {
      st.execute("SET TimeZone = 'UTC'");
      st.execute("SET DateStyle = 'ISO, YMD'");
      st.execute("SET IntervalStyle = 'postgres'");
      st.execute("SET bytea_output = 'hex'");
      st.execute("SET extra_float_digits = 1");
      st.execute("SET synchronous_commit = off");
      st.execute("SET search_path = " + "\"" + schema.replace("\"", "\"\"") + "\"" + ", public");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }
}
