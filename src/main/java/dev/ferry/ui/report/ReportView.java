package dev.ferry.ui.report;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

/** The Report step's controls: export to the run's folder or another, open the folder. */
public final class ReportView extends VBox {
  public ReportView(ReportViewModel vm, Consumer<Path> openFolder) {
    setPadding(new Insets(16));
    setSpacing(12);
    Label intro =
        new Label(
            "The report holds the run's figures, per-table results and charts, the validation, the"
                + " schema section with the ledger of every planned object, the waived blockers, warnings, the checklist with its evidence and sign-offs, and the"
                + " DDL: report.html (one self-contained page) and report.json.");
    intro.setWrapText(true);
    Button export = new Button("_Export to the run's folder");
    export.setId("exportReport");
    export.setDefaultButton(true);
    export.setOnAction(e -> vm.export(vm.defaultFolder()));
    Button exportTo = new Button("Export _to…");
    exportTo.setOnAction(
        e -> {
          DirectoryChooser dc = new DirectoryChooser();
          dc.setTitle("Folder for the report");
          File f = dc.showDialog(getScene().getWindow());
          if (f != null) {
            vm.export(f.toPath());
          }
        });
    Button open = new Button("_Open folder");
    open.setId("openReportFolder");
    open.disableProperty().bind(vm.writtenProperty().isNull());
    open.setOnAction(e -> openFolder.accept(vm.writtenProperty().get().html().getParent()));
    Label status = new Label();
    status.setId("reportStatus");
    status.setWrapText(true);
    status.textProperty().bind(vm.statusProperty());
    getChildren().addAll(intro, new HBox(8, export, exportTo, open), status);
  }
}
