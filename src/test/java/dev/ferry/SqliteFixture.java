package dev.ferry;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** SQLite source files built by code for each test (no binary fixtures in the repository). */
public final class SqliteFixture {
  private SqliteFixture() {}

  public static Path create(Path file, String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      for (String s : statements) {
        st.execute(s);
      }
      c.commit();
    }
    return file;
  }
}
