package dev.ferry.ui.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.ui.changes.ProjectViewModel;
import dev.ferry.ui.common.CurrentThreadTaskExecutor;
import dev.ferry.ui.connect.ConnectViewModel;
import dev.ferry.ui.session.MigrationSession;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
