package dev.ferry.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which errors reject a row, which are retried, and where "resume with …" is offered. */
class SqlStatesTest {
  @Test
  void onlyDataExceptionsAndIntegrityViolationsAreBadData() {
    assertThat(SqlStates.isBadData(new SQLException("invalid input syntax", "22P02"))).isTrue();
    assertThat(SqlStates.isBadData(new SQLException("duplicate key", "23505"))).isTrue();
    assertThat(SqlStates.isBadData(new SQLException("null value", "23502"))).isTrue();
    for (String state : new String[] {"42501", "42703", "42P01", "53100", "55P03", "40P01"}) {
      assertThat(SqlStates.isBadData(new SQLException("not the row", state))).as(state).isFalse();
    }
    for (String state : new String[] {"40001", "08006", "57P01", "57014"}) {
      assertThat(SqlStates.isBadData(new SQLException("not the row", state))).as(state).isFalse();
    }
    assertThat(SqlStates.isBadData(new SQLException("no state"))).isFalse();
  }

  @Test
  void conflictsAndLostConnectionsAreTransientPrivilegesAndShutdownsAreNot() {
    for (String state : new String[] {"40P01", "40001", "55P03", "08006", "08003"}) {
      assertThat(SqlStates.isTransient(new SQLException("again later", state))).as(state).isTrue();
    }
    for (String state : new String[] {"42501", "42P01", "53100", "57P01", "22P02", "23505"}) {
      assertThat(SqlStates.isTransient(new SQLException("stop", state))).as(state).isFalse();
    }
    assertThat(SqlStates.isTransient(new SQLException("I/O", null, new IOException("reset"))))
        .isTrue();
    assertThat(SqlStates.isConnectionLost(new SQLException("lock", "55P03"))).isFalse();
    assertThat(
            SqlStates.isTransient(
                new FerryException("loading t", new SQLException("deadlock", "40P01"))))
        .isTrue();
  }

  @Test
  void aLostConnectionOrAShutdownResumesAMissingObjectOrPrivilegeDoesNot() {
    assertThat(SqlStates.isResumable(new SQLException("gone", "08006"))).isTrue();
    assertThat(SqlStates.isResumable(new SQLException("terminating connection", "57P01"))).isTrue();
    assertThat(SqlStates.isResumable(new SQLException("disk full", "53100"))).isTrue();
    assertThat(SqlStates.isResumable(new SQLException("deadlock", "40P01"))).isTrue();
    assertThat(SqlStates.isResumable(new SQLException("lock timeout", "55P03"))).isTrue();
    assertThat(SqlStates.isResumable(new SQLException("no such table", "42P01"))).isFalse();
    assertThat(
            SqlStates.isResumable(
                new FerryException(
                    "Creating table t failed", new SQLException("permission denied", "42501"))))
        .isFalse();
    assertThat(SqlStates.isResumable(new SQLException("bad default", "42804"))).isFalse();
  }
}
