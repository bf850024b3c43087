package dev.ferry.ui.report;

import dev.ferry.engine.core.FerryException;
import dev.ferry.report.ReportWriter;
import dev.ferry.report.RunReport;
import dev.ferry.ui.common.BackgroundTask;
import dev.ferry.ui.common.TaskExecutor;
import dev.ferry.ui.session.MigrationSession;
import java.nio.file.Path;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The Report step: exports the run's report — {@code report.json} and a self-contained {@code
 * report.html} with the figures, charts, validation and checklist — into the run's folder (or one
 * the DBA picks), then opens that folder.
 */
public final class ReportViewModel {
  private final MigrationSession session;
  private final Supplier<RunReport> report;
  private final TaskExecutor executor;
  private final ObjectProperty<ReportWriter.Written> written = new SimpleObjectProperty<>();
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Not exported yet.");

  /**
   * @param report the run's report as the Checklists step has it (null before a run): the
   *     checklist's evidence and sign-offs are part of it
   */
  public ReportViewModel(
      MigrationSession session, Supplier<RunReport> report, TaskExecutor executor) {
    this.session = session;
    this.report = report;
    this.executor = executor;
  }

  /** Where the report goes by default: the run's folder in the workspace. */
  public Path defaultFolder() {
    var r = session.resultProperty().get();
    return r == null ? session.workspace() : session.workspace().resolve("runs").resolve(r.runId());
  }

  public void export(Path dir) {
    RunReport run = report.get();
    if (run == null) {
      status.set("Run a migration first.");
      return;
    }
    var ferry = session.ferry();
    BackgroundTask.wrap(
            () -> ReportWriter.write(run.withTimeline(ferry.timeline(run.result().runId())), dir))
        .onRunning(() -> status.set("Writing the report…"))
        .onSuccess(
            w -> {
              written.set(w);
              status.set(
                  "Written: "
                      + w.html()
                      + ", "
                      + w.pdf().getFileName()
                      + " and "
                      + w.json().getFileName());
            })
        .onFailure(e -> status.set("✗ The report was not written: " + FerryException.describe(e)))
        .executeWith(executor);
  }

  public ObjectProperty<ReportWriter.Written> writtenProperty() {
    return written;
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }
}
