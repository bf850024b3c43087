package dev.ferry;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The scratch databases of one test, dropped after it whatever happened: register with
 * {@code @RegisterExtension final ScratchDatabases databases = new ScratchDatabases();} and ask for
 * {@link #postgres()} or {@link #mysql()} in a {@code @BeforeEach} or a test.
 */
public final class ScratchDatabases implements AfterEachCallback {
  private final List<TestDatabases.Dropper> open = new ArrayList<>();

  /** A fresh PostgreSQL database, dropped after the test. */
  public TestDatabases.Scratch postgres() throws SQLException {
    return keep(TestDatabases.postgres());
  }

  /** A fresh MariaDB/MySQL database, dropped after the test. */
  public TestDatabases.Scratch mysql() throws SQLException {
    return keep(TestDatabases.mysql());
  }

  /**
   * A MariaDB/MySQL user that logs in with {@code password} and may do anything in {@code db} (the
   * test server's root has no password), dropped after the test. Returns the user's name.
   */
  public String mysqlUser(TestDatabases.Scratch db, String password) throws SQLException {
    String user = "ferry_pw_" + db.name().substring("ferry_t_".length());
    try (Connection c = DriverManager.getConnection(TestDatabases.mysqlAdminUrl());
        Statement st = c.createStatement()) {
      for (String host : List.of("%", "localhost")) {
        try (PreparedStatement ps =
            c.prepareStatement("CREATE USER '" + user + "'@'" + host + "' IDENTIFIED BY ?")) {
          ps.setString(1, password);
          ps.execute();
        }
        st.execute("GRANT ALL ON `" + db.name() + "`.* TO '" + user + "'@'" + host + "'");
      }
    }
    open.add(
        () -> {
          try (Connection c = DriverManager.getConnection(TestDatabases.mysqlAdminUrl());
              Statement st = c.createStatement()) {
            st.execute("DROP USER IF EXISTS '" + user + "'@'%', '" + user + "'@'localhost'");
          }
        });
    return user;
  }

  private TestDatabases.Scratch keep(TestDatabases.Scratch s) {
    open.add(s::close);
    return s;
  }

  @Override
  public void afterEach(ExtensionContext context) throws SQLException {
    SQLException first = null;
    for (TestDatabases.Dropper s : open.reversed()) {
      try {
        s.drop();
      } catch (SQLException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    open.clear();
    if (first != null) {
      throw first;
    }
  }
}
