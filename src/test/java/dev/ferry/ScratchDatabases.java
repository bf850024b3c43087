package dev.ferry;

import java.sql.SQLException;
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
  private final List<TestDatabases.Scratch> open = new ArrayList<>();

  /** A fresh PostgreSQL database, dropped after the test. */
  public TestDatabases.Scratch postgres() throws SQLException {
    return keep(TestDatabases.postgres());
  }

  /** A fresh MariaDB/MySQL database, dropped after the test. */
  public TestDatabases.Scratch mysql() throws SQLException {
    return keep(TestDatabases.mysql());
  }

  private TestDatabases.Scratch keep(TestDatabases.Scratch s) {
    open.add(s);
    return s;
  }

  @Override
  public void afterEach(ExtensionContext context) throws SQLException {
    SQLException first = null;
    for (TestDatabases.Scratch s : open) {
      try {
        s.close();
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
