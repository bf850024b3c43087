package dev.ferry.ui.checklist;

import dev.ferry.engine.checklist.Checklist;
import dev.ferry.report.RunReport;
import dev.ferry.ui.common.Columns;
import dev.ferry.ui.common.Dialogs;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.util.StringConverter;

/** The Checklists step's controls: items with their state and evidence; sign-off of open items. */
public final class ChecklistView extends BorderPane {
  public ChecklistView(ChecklistViewModel vm) {
    setPadding(new Insets(16));
    ComboBox<Checklist> template = new ComboBox<>(vm.templates());
    template.valueProperty().bindBidirectional(vm.checklistProperty());
    template.setConverter(
        new StringConverter<>() {
          @Override
          public String toString(Checklist c) {
            return c == null ? "" : c.title();
          }

          @Override
          public Checklist fromString(String s) {
            return null;
          }
        });
    Button refresh = new Button("_Collect evidence");
    refresh.setId("collectEvidence");
    refresh.disableProperty().bind(vm.busyProperty());
    refresh.setOnAction(e -> vm.refresh());
    TableView<RunReport.ItemState> table = new TableView<>(vm.items());
    table.setId("checklist");
    table.setPlaceholder(new Label("Run a migration first: the checklist belongs to a run."));
    table
        .getColumns()
        .addAll(
            List.of(
                Columns.text("", 40, i -> i.state().equals("open") ? "☐" : "☑"),
                Columns.text("Item", 380, i -> i.item().text()),
                Columns.text("State", 80, RunReport.ItemState::state),
                Columns.text("Evidence or sign-off", 600, RunReport.ItemState::detail)));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    Columns.styleRows(
        table,
        List.of("match", "match-except-rejects"),
        i -> i.state().equals("open") ? "match-except-rejects" : "match");
    Button sign = new Button("_Sign off…");
    sign.setId("signOff");
    sign.disableProperty()
        .bind(
            Bindings.createBooleanBinding(
                () -> {
                  var i = table.getSelectionModel().getSelectedItem();
                  return i == null || i.state().equals("proved");
                },
                table.getSelectionModel().selectedItemProperty()));
    sign.setOnAction(
        e -> {
          var item = table.getSelectionModel().getSelectedItem();
          Dialogs.askSignOff(getScene().getWindow(), item.item().text())
              .ifPresent(r -> vm.signOff(item, r.by(), r.reason()));
        });
    Label status = new Label();
    status.setId("checklistStatus");
    status.textProperty().bind(vm.statusProperty());
    HBox top = new HBox(10, template, refresh, sign, status);
    top.setAlignment(Pos.CENTER_LEFT);
    top.setPadding(new Insets(0, 0, 10, 0));
    setTop(top);
    setCenter(table);
  }
}
