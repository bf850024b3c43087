package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.core.FerryException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** "resume with …" is offered only where a resume can succeed. */
class ResumableTest {
  @Test
  void aLostConnectionOrAShutdownResumesAMissingObjectOrPrivilegeDoesNot() {
    assertThat(Resumable.after(new SQLException("gone", "08006"))).isTrue();
    assertThat(Resumable.after(new SQLException("terminating connection", "57P01"))).isTrue();
    assertThat(Resumable.after(new SQLException("disk full", "53100"))).isTrue();
    assertThat(Resumable.after(new SQLException("deadlock", "40P01"))).isTrue();
    assertThat(Resumable.after(new SQLException("lock timeout", "55P03"))).isTrue();
    assertThat(Resumable.after(new SQLException("no such table", "42P01"))).isFalse();
    assertThat(
            Resumable.after(
                new FerryException(
                    "Creating table t failed", new SQLException("permission denied", "42501"))))
        .isFalse();
    assertThat(Resumable.after(new SQLException("bad default", "42804"))).isFalse();
  }
}
