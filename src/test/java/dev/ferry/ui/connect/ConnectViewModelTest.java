package dev.ferry.ui.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.SqliteFixture;
import dev.ferry.TestDatabases;
import dev.ferry.engine.connect.DatabaseKind;
import dev.ferry.ui.common.CurrentThreadTaskExecutor;
import dev.ferry.ui.session.MigrationSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Connect step's state and validation, without the toolkit, against the real servers. */
class ConnectViewModelTest {
  @TempDir Path dir;

  private ConnectViewModel vm(MigrationSession session) {
    return new ConnectViewModel(session, new CurrentThreadTaskExecutor(), Map.of());
  }

  @Test
  void validationNamesWhatIsMissingAsTheDbaTypes() throws Exception {
    MigrationSession session = new MigrationSession(dir.resolve("ws"));
    ConnectViewModel vm = vm(session);
    assertThat(vm.validBinding().get()).isFalse();
    assertThat(vm.sourceErrorBinding().get()).isEqualTo("Add at least one SQLite file.");
    assertThat(vm.targetErrorBinding().get()).isEqualTo("Enter the target database.");

    vm.sqliteFiles().add(dir.resolve("missing.db"));
    assertThat(vm.sourceErrorBinding().get()).startsWith("No such file: ");
    vm.sqliteFiles().setAll(SqliteFixture.create(dir.resolve("a.db"), "CREATE TABLE t (id int)"));
    assertThat(vm.sourceErrorBinding().get()).isNull();

    vm.targetDatabaseProperty().set("shop");
    vm.targetPortProperty().set("54x2");
    assertThat(vm.targetErrorBinding().get()).isEqualTo("Port must be a number, not '54x2'.");
    vm.targetPortProperty().set("5432");
    assertThat(vm.validBinding().get()).isTrue();

    vm.sourceKindProperty().set(DatabaseKind.MYSQL);
    assertThat(vm.sourceErrorBinding().get())
        .startsWith("Enter the source's JDBC URL (jdbc:mariadb:");
    vm.sourceUrlProperty().set("jdbc:postgresql://127.0.0.1/x?user=u");
    assertThat(vm.sourceErrorBinding().get())
        .isEqualTo("That URL is for postgresql, not the chosen database type.");
    vm.sourceUrlProperty().set("jdbc:mysql://127.0.0.1:3306/test?user=root");
    assertThat(vm.sourceErrorBinding().get()).isNull();

    vm.targetByUrlProperty().set(true);
    assertThat(vm.targetErrorBinding().get()).startsWith("Enter the target's URL");
    vm.targetUrlProperty().set("jdbc:mariadb://127.0.0.1/test?user=root");
    assertThat(vm.targetErrorBinding().get()).isEqualTo("The target must be PostgreSQL.");
  }

  @Test
  void testConnectionReportsServerUserEncodingAndPrivilegesOrTheExactError() throws Exception {
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      MigrationSession session = new MigrationSession(dir.resolve("ws"));
      ConnectViewModel vm = vm(session);
      vm.sqliteFiles().add(SqliteFixture.create(dir.resolve("a.db"), "CREATE TABLE t (id int)"));
      vm.targetDatabaseProperty().set(pg.name());
      vm.targetUserProperty().set("postgres");
      vm.targetSchemaProperty().set("landing");
      vm.testTarget();
      assertThat(vm.targetStatusProperty().get())
          .startsWith("✓ " + pg.name() + ": PostgreSQL")
          .contains(
              "user postgres", "encoding UTF8", "schema landing will be created", "CREATE allowed");
      assertThat(vm.targetOkProperty().get()).isTrue();
      vm.testSource();
      assertThat(vm.sourceStatusProperty().get()).startsWith("✓ a: SQLite");

      vm.targetPortProperty().set("1");
      vm.testTarget();
      assertThat(vm.targetStatusProperty().get())
          .startsWith("✗ ")
          .contains("Connection to 127.0.0.1:1 refused")
          .contains("is the server running, and are the host and port right?")
          .doesNotContain("the connection was lost");
      assertThat(vm.targetOkProperty().get()).isFalse();
      // a failed Test holds the step: Next disabled, saying why, until the connection changes
      assertThat(vm.testFailedBinding().get()).isTrue();
      assertThat(vm.validBinding().get()).isFalse();
      assertThat(vm.blockedReasonBinding().get()).contains("target's test failed");

      vm.targetPortProperty().set("5432");
      assertThat(vm.testFailedBinding().get()).isFalse();
      // a database that does not exist: named, with the remedy
      vm.targetDatabaseProperty().set("no_such_db_here");
      vm.testTarget();
      assertThat(vm.targetStatusProperty().get())
          .contains("no_such_db_here")
          .contains("createdb no_such_db_here");
      vm.targetDatabaseProperty().set(pg.name());
      assertThat(vm.testFailedBinding().get()).isFalse();
      assertThat(vm.validBinding().get()).isTrue();

      // a text file posing as a SQLite database
      Path notSqlite = dir.resolve("notes.db");
      Files.writeString(notSqlite, "these are notes, not a database\n".repeat(200));
      vm.sqliteFiles().add(notSqlite);
      vm.testSource();
      assertThat(vm.sourceStatusProperty().get())
          .startsWith("✗ ")
          .contains(notSqlite.toString())
          .contains("the file is not a SQLite database: choose another file");
      assertThat(vm.validBinding().get()).isFalse();
      assertThat(vm.blockedReasonBinding().get()).contains("source's test failed");
      vm.sqliteFiles().remove(notSqlite);
      assertThat(vm.validBinding().get()).isTrue();
      vm.targetPasswordProperty().set("s3cret-pw");
      vm.apply();
      assertThat(session.targetProperty().get().url()).doesNotContain("s3cret-pw");
      assertThat(session.targetProperty().get().password().reveal()).isEqualTo("s3cret-pw");
      assertThat(session.sourcesProperty().get()).hasSize(1);
      assertThat(session.targetSchemaProperty().get()).isEqualTo("landing");
    }
  }

  @Test
  void profilesKeepTheFormAndOnlyOptedInPasswordsEncrypted() throws Exception {
    MigrationSession session = new MigrationSession(dir.resolve("ws"));
    ConnectViewModel vm = vm(session);
    Path db = SqliteFixture.create(dir.resolve("a.db"), "CREATE TABLE t (id int)");
    vm.sqliteFiles().add(db);
    vm.targetDatabaseProperty().set("shop");
    vm.targetUserProperty().set("dba");
    vm.targetPasswordProperty().set("s3cret-pw");
    vm.profileNameProperty().set("staging");
    vm.saveProfile();
    assertThat(vm.profileStatusProperty().get())
        .isEqualTo("Saved profile 'staging' without passwords.");
    vm.profileNameProperty().set("prod");
    vm.savePasswordsProperty().set(true);
    vm.saveProfile();
    assertThat(vm.profiles()).containsExactly("prod", "staging");
    // nothing in the workspace holds the password in clear text
    try (var files = Files.walk(dir.resolve("ws"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f, StandardCharsets.ISO_8859_1))
            .as(f.toString())
            .doesNotContain("s3cret-pw");
      }
    }
    assertThat(Files.readString(dir.resolve("ws/connections/prod.properties")))
        .contains("target.password.aes-gcm=");
    assertThat(Files.getPosixFilePermissions(dir.resolve("ws/console.key")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    ConnectViewModel other = vm(new MigrationSession(dir.resolve("ws")));
    other.loadProfile("prod");
    assertThat(other.targetDatabaseProperty().get()).isEqualTo("shop");
    assertThat(other.targetUserProperty().get()).isEqualTo("dba");
    assertThat(other.targetPasswordProperty().get()).isEqualTo("s3cret-pw");
    assertThat(other.sqliteFiles()).containsExactly(db);
    other.loadProfile("staging");
    assertThat(other.targetPasswordProperty().get()).isEmpty();
    other.profileNameProperty().set("../escape");
    other.saveProfile();
    assertThat(other.profileStatusProperty().get())
        .startsWith("✗ Not saved: A profile name may hold");
    other.profileNameProperty().set("staging");
    other.deleteProfile();
    assertThat(other.profiles()).containsExactly("prod");
  }
}
