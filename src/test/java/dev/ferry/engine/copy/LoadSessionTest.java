package dev.ferry.engine.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.ScratchDatabases;
import dev.ferry.TestDatabases;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A load session never waits for ever for a lock, and a DBA's own lock_timeout stands. */
class LoadSessionTest {
  @RegisterExtension final ScratchDatabases databases = new ScratchDatabases();

  @Test
  void aServerWithoutALockTimeoutGetsFerrysDefaultAndOneWithItsOwnKeepsIt() throws Exception {
    TestDatabases.Scratch pg = databases.postgres();
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      assertThat(LoadPhase.lockTimeout(st, null)).isEqualTo("30s");
      assertThat(LoadPhase.lockTimeout(st, 5)).isEqualTo("5s");
      assertThat(LoadPhase.lockTimeout(st, 0)).isEqualTo("0s");
    }
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      st.execute("ALTER DATABASE " + pg.name() + " SET lock_timeout = '7s'");
    }
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      assertThat(LoadPhase.lockTimeout(st, null)).isNull();
      assertThat(LoadPhase.lockTimeout(st, 2)).isEqualTo("2s");
    }
  }
}
