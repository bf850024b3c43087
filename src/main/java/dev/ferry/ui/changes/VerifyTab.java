package dev.ferry.ui.changes;

import dev.ferry.ui.common.Columns;
import java.util.List;
import javafx.beans.binding.BooleanBinding;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The Verify tab: every check with PASS or FAIL and what it found. */
final class VerifyTab extends TabContent {
  VerifyTab(VerifyTabViewModel vm, BooleanBinding cannotAct) {
    Button verify = new Button("_Verify");
    verify.setId("changesVerify");
    verify.disableProperty().bind(cannotAct);
    verify.setOnAction(e -> vm.verify());
    Label hint =
        new Label(
            "verify/*.sql (each passes when it returns no rows), the row-level-security audit with an"
                + " isolation probe, and who may read the internal views.");
    hint.getStyleClass().add("hint");
    TableView<VerifyTabViewModel.Check> t = new TableView<>(vm.checks());
    t.setId("changesChecks");
    t.setPlaceholder(new Label("No verification yet."));
    t.getColumns()
        .addAll(
            List.of(
                Columns.text("Check", 150, VerifyTabViewModel.Check::kind),
                Columns.text("Object", 280, VerifyTabViewModel.Check::name),
                Columns.text("Result", 70, VerifyTabViewModel.Check::result),
                Columns.text("Detail", 600, VerifyTabViewModel.Check::detail)));
    t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    Columns.styleRows(t, List.of("pass", "fail"), c -> c.result().equals("PASS") ? "pass" : "fail");
    VBox.setVgrow(t, Priority.ALWAYS);
    lay(new HBox(10, verify, hint), t);
  }
}
