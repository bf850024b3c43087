package dev.ferry.ui.changes;

import dev.ferry.engine.change.ChangeControl;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Verify tab: verify/*.sql, the row-level-security audit with its isolation probe, who may read
 * the internal views, and the performance baselines compared.
 */
public final class VerifyTabViewModel {
  /** One verification line: SQL check, row-level security, internal view or performance. */
  public record Check(String kind, String name, String result, String detail) {}

  private final ProjectViewModel project;
  private final ObservableList<Check> checks = FXCollections.observableArrayList();

  public VerifyTabViewModel(ProjectViewModel project) {
    this.project = project;
    // checks of the project opened before say nothing about this one
    project.controlProperty().addListener((o, a, b) -> checks.clear());
  }

  public void verify() {
    ChangeControl c = project.controlProperty().get();
    project.run(
        "Verifying: SQL checks, row-level security, internal views…",
        () -> checksOf(c),
        r -> {
          checks.setAll(r);
          long failed = r.stream().filter(x -> !x.result().equals("PASS")).count();
          project.showStatus(
              r.isEmpty()
                  ? "Nothing to verify: no verify/*.sql, tenant tables or internal views."
                  : failed == 0
                      ? r.size() == 1
                          ? "Verified: the one check passes."
                          : "Verified: all " + r.size() + " checks pass."
                      : failed + " of " + r.size() + " checks FAILED.");
        });
  }

  /** Runs on the executor: every check reads the target. */
  private static List<Check> checksOf(ChangeControl c) throws Exception {
    List<Check> out = new ArrayList<>();
    for (String[] s : c.changes().verify()) {
      out.add(new Check("SQL", s[0], s[1], s[2]));
    }
    for (var a : c.changes().rlsAudit()) {
      out.add(
          new Check(
              "Row-level security",
              a.table() + " (" + a.policies() + " policies)",
              a.result().name(),
              a.probe()));
    }
    for (var v : c.changes().internalAccess()) {
      out.add(
          new Check(
              "Internal view",
              v.view(),
              v.ok() ? "PASS" : "FAIL",
              v.ok()
                  ? "readable by "
                      + (v.readers().isEmpty()
                          ? "owner and superusers only"
                          : String.join(", ", v.readers()))
                  : String.join("; ", v.problems())));
    }
    for (var p : c.comparePerformance()) {
      out.add(new Check("Performance", p.name(), p.result(), p.detail()));
    }
    return out;
  }

  public ObservableList<Check> checks() {
    return checks;
  }
}
