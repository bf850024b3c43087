package dev.ferry.engine.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.FerryException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade's configuration: what load() checks, and what a partial project refuses. */
class ChangeProjectTest {
  @TempDir Path dir;

  private static final ConnectionSpec TARGET =
      ConnectionSpec.parse("jdbc:postgresql://127.0.0.1:5432/nowhere?user=postgres");

  @Test
  void loadChecksTheFolderThenTheTimeouts() throws Exception {
    Path m = Files.createDirectories(dir.resolve("migrations"));
    assertThatThrownBy(
            () ->
                ChangeProject.configure()
                    .target(TARGET)
                    .migrations(dir.resolve("missing"))
                    .timeouts("soon", null)
                    .load())
        .isInstanceOf(FerryException.class)
        .hasMessage("No migrations folder " + dir.resolve("missing"));
    assertThatThrownBy(
            () ->
                ChangeProject.configure()
                    .target(TARGET)
                    .migrations(m)
                    .timeouts("soon", null)
                    .load())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Not a timeout: 'soon'");

    ChangeProject p = ChangeProject.configure().target(TARGET).migrations(m).load();
    assertThat(p.schema()).isEqualTo("public");
    assertThat(p.folder()).isEqualTo(m.toAbsolutePath());
    assertThat(p.requiredApprovals()).isEmpty();
  }

  @Test
  void aProjectWithoutFolderOrWorkspaceSaysWhatItLacks() throws Exception {
    ChangeProject backupsOnly =
        ChangeProject.configure().target(TARGET).workspace(dir.resolve("ws")).load();
    assertThat(backupsOnly.backups()).isEmpty();
    assertThatThrownBy(backupsOnly::info).hasMessageContaining("--migrations");

    Path m = Files.createDirectories(dir.resolve("migrations"));
    ChangeProject noJournal = ChangeProject.configure().target(TARGET).migrations(m).load();
    assertThatThrownBy(noJournal::history).hasMessageContaining("workspace");
  }
}
