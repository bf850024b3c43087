package dev.ferry.ui.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.core.FerryException;
import dev.ferry.ui.common.BackgroundTask;
import dev.ferry.ui.common.CurrentThreadTaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The console's log file: in the workspace, with the stack traces the window never shows. */
class ConsoleLogTest {
  @TempDir Path workspace;

  @Test
  void anErrorIsWrittenWithItsStackTraceToLogsConsoleLog() throws Exception {
    ConsoleLog log = ConsoleLog.start(workspace);
    try {
      assertThat(log.file()).contains(workspace.resolve("logs").resolve("console.log"));
      LoggerFactory.getLogger(ConsoleLogTest.class)
          .error(
              "the journal could not be read",
              new IllegalStateException("journal locked", new SQLException("database is locked")));
    } finally {
      log.close();
    }
    String written = Files.readString(workspace.resolve("logs").resolve("console.log"));
    assertThat(written)
        .contains("ERROR")
        .contains("the journal could not be read")
        .contains("java.lang.IllegalStateException: journal locked")
        .contains("\tat dev.ferry.ui.app.ConsoleLogTest.")
        .contains("Caused by: java.sql.SQLException: database is locked");
  }

  @Test
  void aFailedBackgroundTaskIsLoggedInFullButShownInOneLine() throws Exception {
    AtomicReference<String> shown = new AtomicReference<>();
    ConsoleLog log = ConsoleLog.start(workspace);
    try {
      BackgroundTask.<String>wrap(
              () -> {
                throw new SQLException("connection refused", "08001");
              })
          .onFailure(e -> shown.set(FerryException.describe(e)))
          .executeWith(new CurrentThreadTaskExecutor());
    } finally {
      log.close();
    }
    assertThat(shown.get())
        .isEqualTo(
            "connection refused (could not connect: is the server running, and are the host and"
                + " port right?) [SQLSTATE 08001]");
    String written = Files.readString(workspace.resolve("logs").resolve("console.log"));
    assertThat(written)
        .contains("background work failed: connection refused")
        .contains("java.sql.SQLException: connection refused")
        .contains("\tat dev.ferry.ui.app.ConsoleLogTest.");
  }

  @Test
  void aWorkspaceThatCannotHoldTheLogStillOpensTheConsole() throws Exception {
    // a file where the logs folder should be: the log writes nothing, and says so
    Files.writeString(workspace.resolve("logs"), "not a folder");
    ConsoleLog log = ConsoleLog.start(workspace);
    try {
      assertThat(log.file()).isEmpty();
      LoggerFactory.getLogger(ConsoleLogTest.class).error("still fine");
    } finally {
      log.close();
    }
  }
}
