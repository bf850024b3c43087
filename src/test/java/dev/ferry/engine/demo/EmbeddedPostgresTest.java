package dev.ferry.engine.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.connect.ConnectionSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's own PostgreSQL: a fresh private directory each time, loopback only, a password made
 * for it, and nothing left behind.
 */
class EmbeddedPostgresTest {
  @TempDir Path home;

  private static String show(Connection c, String setting) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void aFreshPrivateServerOnLoopbackThatAsksForItsOwnPassword() throws Exception {
    Path first;
    try (EmbeddedPostgres pg = EmbeddedPostgres.start(home);
        EmbeddedPostgres other = EmbeddedPostgres.start(home)) {
      first = pg.dataDirectory();
      assertThat(first).isNotEqualTo(other.dataDirectory());
      assertThat(first.toString()).doesNotContain("ferry-embedded-postgres");
      // the server's directory: nobody else may list or change it
      Path base = pg.passwordFile().getParent();
      assertThat(Files.isSymbolicLink(base)).isFalse();
      assertThat(Files.getPosixFilePermissions(base, LinkOption.NOFOLLOW_LINKS))
          .doesNotContain(
              PosixFilePermission.GROUP_READ,
              PosixFilePermission.GROUP_WRITE,
              PosixFilePermission.OTHERS_READ,
              PosixFilePermission.OTHERS_WRITE);
      assertThat(Files.getPosixFilePermissions(pg.passwordFile()))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

      String password = pg.password().reveal();
      assertThat(password).hasSizeGreaterThanOrEqualTo(24);
      assertThat(password).isNotEqualTo(other.password().reveal());
      assertThat(pg.jdbcUrl("postgres")).doesNotContain(password);
      assertThat(pg.connection("postgres").toString()).doesNotContain(password);
      assertThat(Files.readString(pg.passwordFile()))
          .isEqualTo("127.0.0.1:" + pg.port() + ":*:postgres:" + password);
      try (Connection c = pg.connection("postgres").open()) {
        assertThat(show(c, "listen_addresses")).isEqualTo("127.0.0.1");
        assertThat(show(c, "unix_socket_directories")).isEmpty();
        assertThat(show(c, "password_encryption")).isEqualTo("scram-sha-256");
      }
      // no password, or another server's: refused
      ConnectionSpec without = ConnectionSpec.parse(pg.jdbcUrl("postgres"), Map.of());
      assertThatThrownBy(without::open).isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> without.withPassword(other.password().reveal()).open().close())
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password authentication failed");
    }
    assertThat(first).doesNotExist();
    try (var left = Files.list(home)) {
      // what stays between demos is the unpacked binaries, nothing of a server
      assertThat(left.map(p -> p.getFileName().toString())).allMatch(n -> n.startsWith("pg-"));
    }
  }

  @Test
  void aSymbolicLinkIsNeverHandedToNobody(@TempDir Path dir) throws Exception {
    Path precious = Files.writeString(dir.resolve("precious"), "root's");
    Path link = Files.createSymbolicLink(dir.resolve("server"), precious);
    Object ownerBefore = Files.getOwner(precious);
    assertThatThrownBy(() -> EmbeddedPostgres.giveToNobody(link))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("symbolic link");
    assertThat(Files.getOwner(precious)).isEqualTo(ownerBefore);
  }
}
