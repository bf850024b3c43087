package dev.ferry.ui.changes;

import dev.ferry.engine.change.ChangeControl;
import dev.ferry.engine.change.StatementRisk;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Risk tab: the lock each pending statement takes, on which table of what size, how long it is
 * held and the safer way.
 */
public final class RiskTabViewModel {
  private final ProjectViewModel project;
  private final ObservableList<StatementRisk> risks = FXCollections.observableArrayList();

  public RiskTabViewModel(ProjectViewModel project) {
    this.project = project;
    // an analysis of the project opened before says nothing about this one, nor one of other
    // pending scripts (after a migrate or an undo)
    project.controlProperty().addListener((o, a, b) -> risks.clear());
    project
        .migrations()
        .addListener(
            (javafx.collections.ListChangeListener<dev.ferry.engine.change.MigrationRow>)
                ch -> {
                  if (!pending().equals(analysedFor)) {
                    risks.clear();
                  }
                });
  }

  private java.util.List<String> analysedFor = java.util.List.of();

  private java.util.List<String> pending() {
    return project.migrations().stream()
        .filter(m -> m.state().equals("Pending"))
        .map(dev.ferry.engine.change.MigrationRow::script)
        .toList();
  }

  public void analyseRisk() {
    ChangeControl c = project.controlProperty().get();
    String to = project.toVersionProperty().get();
    project.run(
        "Analysing locks and table sizes…",
        () -> c.changes().risk(to),
        r -> {
          analysedFor = pending();
          risks.setAll(r);
          StatementRisk.Impact worst =
              r.stream()
                  .map(StatementRisk::impact)
                  .max(Enum::compareTo)
                  .orElse(StatementRisk.Impact.LOW);
          project.showStatus(
              r.isEmpty()
                  ? "Risk: nothing pending."
                  : r.size() + " pending statements; highest impact " + worst + ".");
        });
  }

  public ObservableList<StatementRisk> risks() {
    return risks;
  }
}
