package dev.ferry.ui.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.connect.DatabaseKind;
import dev.ferry.ui.changes.ProjectViewModel;
import dev.ferry.ui.common.CurrentThreadTaskExecutor;
import dev.ferry.ui.connect.ConnectViewModel;
import dev.ferry.ui.session.MigrationSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema-change project is remembered between sessions, a password typed in its URL never. */
class ConsolePreferencesTest {
  @TempDir Path ws;

  @Test
  void theLastProjectIsRememberedWithoutItsPassword() throws Exception {
    ProjectViewModel vm = new ProjectViewModel(new CurrentThreadTaskExecutor(), ws);
    vm.targetUrlProperty().set("jdbc:postgresql://db.example:5432/app?user=dba&password=s3cret-pw");
    vm.folderProperty().set("/srv/changes/app");
    vm.schemaProperty().set("billing");
    ConsolePreferences prefs = new ConsolePreferences(ws);
    prefs.remember(vm);
    prefs.save(
        new ConnectViewModel(new MigrationSession(ws), new CurrentThreadTaskExecutor()),
        1400,
        900,
        false);
    assertThat(Files.readString(ws.resolve("console.properties"))).doesNotContain("s3cret-pw");

    ProjectViewModel again = new ProjectViewModel(new CurrentThreadTaskExecutor(), ws);
    new ConsolePreferences(ws).restore(again);
    assertThat(again.targetUrlProperty().get())
        .startsWith("jdbc:postgresql://db.example:5432/app?")
        .contains("user=dba")
        .doesNotContain("password");
    assertThat(again.folderProperty().get()).isEqualTo("/srv/changes/app");
    assertThat(again.schemaProperty().get()).isEqualTo("billing");
  }

  @Test
  void urlsTypedWithTheirPasswordOnTheConnectPageAreSavedWithout() throws Exception {
    ConnectViewModel vm =
        new ConnectViewModel(new MigrationSession(ws), new CurrentThreadTaskExecutor());
    vm.sourceKindProperty().set(DatabaseKind.MYSQL);
    vm.sourceUrlProperty().set("mysql://shop:s3cret-pw@db.example:3306/sales");
    vm.targetByUrlProperty().set(true);
    vm.targetUrlProperty()
        .set("jdbc:postgresql://db.example:5432/app?user=dba&password=s3cret-pw&sslmode=require");
    new ConsolePreferences(ws).save(vm, 1400, 900, false);
    vm.profileNameProperty().set("staging");
    vm.saveProfile();
    assertThat(vm.profileStatusProperty().get()).endsWith("without passwords.");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(ws.resolve("connections"))))
        .isEqualTo("rwx------");

    for (Path saved :
        new Path[] {
          ws.resolve("console.properties"), ws.resolve("connections/staging.properties")
        }) {
      assertThat(Files.readString(saved)).as(saved.toString()).doesNotContain("s3cret");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(saved)))
          .isEqualTo("rw-------");
      ConnectViewModel again =
          new ConnectViewModel(new MigrationSession(ws), new CurrentThreadTaskExecutor());
      Properties p = new Properties();
      try (var r = Files.newBufferedReader(saved)) {
        p.load(r);
      }
      again.applyFields(p);
      assertThat(again.sourceUrlProperty().get()).isEqualTo("mysql://shop@db.example:3306/sales");
      assertThat(again.targetUrlProperty().get())
          .isEqualTo("jdbc:postgresql://db.example:5432/app?user=dba&sslmode=require");
    }
  }
}
