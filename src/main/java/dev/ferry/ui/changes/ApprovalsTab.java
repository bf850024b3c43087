package dev.ferry.ui.changes;

import dev.ferry.engine.change.ChangeControl;
import dev.ferry.ui.common.Columns;
import dev.ferry.ui.common.Dialogs;
import java.util.List;
import javafx.beans.binding.BooleanBinding;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The Approvals tab: the roles asked for, who approved, and Approve… for the next one. */
final class ApprovalsTab extends TabContent {
  private final ApprovalsTabViewModel vm;

  ApprovalsTab(ApprovalsTabViewModel vm, BooleanBinding cannotAct) {
    this.vm = vm;
    Button approve = new Button("A_pprove…");
    approve.setId("changesApprove");
    approve.disableProperty().bind(cannotAct.or(vm.allApprovedBinding()));
    Label hint =
        new Label(
            "Approvals asked for in ferry-change.yaml, for the pending scripts as they are now: an"
                + " edited script needs approving again.");
    hint.getStyleClass().add("hint");
    TableView<ChangeControl.Approval> t = new TableView<>(vm.approvals());
    t.setId("changesApprovals");
    t.setPlaceholder(
        new Label("The project asks for no approvals (approvals: in ferry-change.yaml)."));
    t.getColumns()
        .addAll(
            List.of(
                Columns.text("Role", 160, ChangeControl.Approval::role),
                Columns.text(
                    "Approved by", 160, a -> a.approved() ? a.given().operator() : "not yet"),
                Columns.text(
                    "At", 180, a -> a.approved() ? a.given().at().toString().substring(0, 19) : ""),
                Columns.text(
                    "Note",
                    400,
                    a -> a.approved() && a.given().note() != null ? a.given().note() : "")));
    t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    Columns.styleRows(t, List.of("pass", "pending"), a -> a.approved() ? "pass" : "pending");
    approve.setOnAction(e -> askApproval(t));
    VBox.setVgrow(t, Priority.ALWAYS);
    lay(new HBox(10, approve, hint), t);
  }

  /** Approves as a role chosen in the dialog (the selected or first waiting one offered first). */
  private void askApproval(TableView<ChangeControl.Approval> table) {
    vm.roleToApprove(table.getSelectionModel().getSelectedItem())
        .ifPresent(
            role ->
                Dialogs.askApproval(
                        getScene().getWindow(),
                        vm.waitingRoles(),
                        role,
                        "Approve the pending scripts (these exact scripts: an edit needs a new"
                            + " approval)",
                        vm.riskToApprove())
                    .ifPresent(
                        a -> vm.approve(a.role(), a.by(), a.note().isBlank() ? null : a.note())));
  }
}
