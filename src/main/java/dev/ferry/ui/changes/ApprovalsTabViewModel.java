package dev.ferry.ui.changes;

import dev.ferry.engine.change.ChangeControl;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ObservableList;

/**
 * The Approvals tab: the roles ferry-change.yaml asks to approve the pending scripts as they are
 * now, and who did.
 */
public final class ApprovalsTabViewModel {
  private final ProjectViewModel project;
  private final BooleanBinding allApproved;
  private final java.util.List<dev.ferry.engine.change.StatementRisk> risks;

  /**
   * @param risks the Risk tab's last analysis: an approver sees the risk they approve
   */
  public ApprovalsTabViewModel(
      ProjectViewModel project, java.util.List<dev.ferry.engine.change.StatementRisk> risks) {
    this.project = project;
    this.risks = risks;
    allApproved =
        Bindings.createBooleanBinding(
            () -> project.approvals().stream().allMatch(ChangeControl.Approval::approved),
            project.approvals());
  }

  /** What the approver approves: the Risk tab's analysis in a few lines. */
  public String riskToApprove() {
    return "Risk: " + RiskSummary.of(risks);
  }

  public void approve(String role, String operator, String note) {
    ChangeControl c = project.controlProperty().get();
    String to = project.toVersionProperty().get();
    project.change(
        "Recording the approval…",
        () -> c.approve(role, operator, note, to),
        s ->
            "Approved as "
                + role
                + " by "
                + s.operator()
                + "."
                + (s.note() != null && s.note().contains("WARNING: ")
                    ? " " + s.note().substring(s.note().indexOf("WARNING: "))
                    : ""));
  }

  /** The roles whose approval is still missing, in the project's order. */
  public java.util.List<String> waitingRoles() {
    return project.approvals().stream()
        .filter(a -> !a.approved())
        .map(ChangeControl.Approval::role)
        .toList();
  }

  /**
   * The role to approve as: the selected one when it still waits, else the first that waits; empty
   * when every role has approved.
   */
  public Optional<String> roleToApprove(ChangeControl.Approval selected) {
    if (selected != null && !selected.approved()) {
      return Optional.of(selected.role());
    }
    return project.approvals().stream()
        .filter(a -> !a.approved())
        .map(ChangeControl.Approval::role)
        .findFirst();
  }

  public ObservableList<ChangeControl.Approval> approvals() {
    return project.approvals();
  }

  /** True when no role is left to approve (also when none is asked). */
  public BooleanBinding allApprovedBinding() {
    return allApproved;
  }
}
