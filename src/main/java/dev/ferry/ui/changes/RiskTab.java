package dev.ferry.ui.changes;

import dev.ferry.engine.change.StatementRisk;
import dev.ferry.ui.common.Columns;
import java.util.List;
import javafx.beans.binding.BooleanBinding;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The Risk tab: one row per pending statement, coloured by its impact. */
final class RiskTab extends TabContent {
  RiskTab(RiskTabViewModel vm, BooleanBinding cannotAct) {
    Button analyse = new Button("_Analyse locks");
    analyse.setId("changesRisk");
    analyse.disableProperty().bind(cannotAct);
    analyse.setOnAction(e -> vm.analyseRisk());
    Label hint =
        new Label(
            "The lock each pending statement takes, on which table of what size, and the safer way.");
    hint.getStyleClass().add("hint");
    TableView<StatementRisk> t = new TableView<>(vm.risks());
    t.setId("changesRisks");
    t.setPlaceholder(new Label("No analysis yet."));
    t.getColumns()
        .addAll(
            List.of(
                Columns.text(
                    "Impact",
                    90,
                    r -> r.impact().name() + (r.breaking() == null ? "" : " · breaking")),
                Columns.text("Version", 60, StatementRisk::version),
                Columns.text("Statement", 300, StatementRisk::statement),
                Columns.text("Lock", 200, StatementRisk::lock),
                Columns.text("Table", 150, r -> r.table() == null ? "" : r.table()),
                Columns.text(
                    "Size", 80, r -> String.format("%,.1f MB", r.tableBytes() / 1048576.0)),
                Columns.text("Work", 150, StatementRisk::work),
                Columns.text(
                    "Lock held", 90, r -> String.format("%.1f s", r.estimatedLockSeconds())),
                Columns.text("Safer way", 330, r -> r.advice() == null ? "" : r.advice()),
                Columns.text(
                    "Breaks running code", 260, r -> r.breaking() == null ? "" : r.breaking())));
    t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    Columns.styleRows(
        t,
        List.of("pass", "pending", "fail"),
        r ->
            switch (r.impact()) {
              case LOW -> "pass";
              case MEDIUM -> "pending";
              case HIGH, CRITICAL, BLOCKER -> "fail";
            });
    // the table above, the time each statement holds its lock below
    javafx.scene.control.SplitPane split =
        new javafx.scene.control.SplitPane(t, new dev.ferry.ui.chart.LockTimeChart(vm.risks()));
    split.setOrientation(javafx.geometry.Orientation.VERTICAL);
    split.setDividerPositions(0.6);
    VBox.setVgrow(split, Priority.ALWAYS);
    lay(new HBox(10, analyse, hint), split);
  }
}
