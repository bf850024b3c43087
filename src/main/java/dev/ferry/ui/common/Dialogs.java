package dev.ferry.ui.common;

import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/**
 * The console's dialogs: they say what happened and what to do, in the DBA's words, never a stack
 * trace. Enter confirms, Escape cancels.
 */
public final class Dialogs {
  private Dialogs() {}

  /** A reason (required) and who decided (optional). */
  public record Reason(String reason, String by) {}

  public static Optional<Reason> askReason(Window owner, String title, String text) {
    Dialog<Reason> d = new Dialog<>();
    d.initOwner(owner);
    d.setTitle(title);
    d.setHeaderText(text);
    TextArea reason = new TextArea();
    reason.setId("reason");
    reason.setPrefRowCount(3);
    reason.setWrapText(true);
    TextField by = new TextField(System.getProperty("user.name"));
    by.setId("by");
    GridPane g = grid();
    g.addRow(0, label("_Reason", reason), reason);
    g.addRow(1, label("_Decided by", by), by);
    d.getDialogPane().setContent(g);
    d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
    d.getDialogPane()
        .lookupButton(ButtonType.OK)
        .disableProperty()
        .bind(reason.textProperty().isEmpty());
    d.setResultConverter(
        b -> b == ButtonType.OK ? new Reason(reason.getText(), by.getText()) : null);
    Platform.runLater(reason::requestFocus);
    return d.showAndWait();
  }

  /** A sign-off: the operator (required) and a note; returned as {@code by} and {@code reason}. */
  public static Optional<Reason> askSignOff(Window owner, String item) {
    Dialog<Reason> d = new Dialog<>();
    d.initOwner(owner);
    d.setTitle("Sign off");
    d.setHeaderText(
        item + "\n\nYour name and the time are recorded in the run journal and the report.");
    TextField by = operator();
    TextArea note = note();
    GridPane g = grid();
    g.addRow(0, label("_Operator", by), by);
    g.addRow(1, label("_Note", note), note);
    d.getDialogPane().setContent(g);
    d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
    d.getDialogPane()
        .lookupButton(ButtonType.OK)
        .disableProperty()
        .bind(by.textProperty().isEmpty());
    d.setResultConverter(b -> b == ButtonType.OK ? new Reason(note.getText(), by.getText()) : null);
    return d.showAndWait();
  }

  /** An approval: the role it is given as (chosen explicitly), who gives it, and a note. */
  public record Approval(String role, String by, String note) {}

  /**
   * Asks for an approval of the pending scripts: the role from the roles still waiting ({@code
   * preselected} first), the approver's name (required) and a note.
   */
  public static Optional<Approval> askApproval(
      Window owner, List<String> waiting, String preselected, String what, String risk) {
    Dialog<Approval> d = new Dialog<>();
    d.initOwner(owner);
    d.setTitle("Approve");
    d.setHeaderText(
        what + "\n\nYour name, the role and the time are recorded in the journal and the report.");
    d.getDialogPane().setId("approveDialog");
    ComboBox<String> role = new ComboBox<>(FXCollections.observableArrayList(waiting));
    role.setId("approveRole");
    role.getSelectionModel().select(preselected);
    TextField by = operator();
    TextArea note = note();
    GridPane g = grid();
    g.addRow(0, label("Approve _as", role), role);
    g.addRow(1, label("_Approver", by), by);
    g.addRow(2, label("_Note", note), note);
    // what is approved: the risk, read before the name is given
    TextArea risks = new TextArea(risk);
    risks.setId("approveRisk");
    risks.setEditable(false);
    risks.setWrapText(true);
    risks.setPrefRowCount(5);
    risks.getStyleClass().add("sql");
    d.getDialogPane().setContent(new javafx.scene.layout.VBox(8, risks, g));
    d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
    d.getDialogPane()
        .lookupButton(ButtonType.OK)
        .disableProperty()
        .bind(by.textProperty().isEmpty().or(role.valueProperty().isNull()));
    d.setResultConverter(
        b ->
            b == ButtonType.OK
                ? new Approval(role.getValue(), by.getText(), note.getText())
                : null);
    return d.showAndWait();
  }

  /** Who signs: this account's name, editable (required by the dialogs that ask for it). */
  private static TextField operator() {
    TextField by = new TextField(System.getProperty("user.name"));
    by.setId("operator");
    return by;
  }

  /** A few lines of note. */
  private static TextArea note() {
    TextArea note = new TextArea();
    note.setId("note");
    note.setPrefRowCount(3);
    note.setWrapText(true);
    return note;
  }

  /** The form's grid: labels on the left, fields on the right. */
  private static GridPane grid() {
    GridPane g = new GridPane();
    g.setHgap(8);
    g.setVgap(8);
    return g;
  }

  /** A field's label: never cut to "…", its mnemonic focusing the field. */
  private static Label label(String text, javafx.scene.Node field) {
    Label l = new Label(text);
    l.setMnemonicParsing(true);
    l.setLabelFor(field);
    l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    return l;
  }

  /** An error: what happened, and what to do about it. */
  public static void error(Window owner, String what, String detail) {
    Alert a = new Alert(Alert.AlertType.ERROR, detail, ButtonType.OK);
    a.initOwner(owner);
    a.setHeaderText(what);
    a.showAndWait();
  }

  /**
   * Every button of the dialog keeps its whole label (a dialog is wider rather than showing "Back
   * up, then migr…").
   */
  public static void keepButtonLabels(javafx.scene.control.DialogPane pane) {
    // the button bar gives every button the width of the widest: make the dialog wide enough
    double widest = 0;
    for (ButtonType t : pane.getButtonTypes()) {
      javafx.scene.text.Text label = new javafx.scene.text.Text(t.getText().replace("_", ""));
      widest = Math.max(widest, Math.ceil(label.getLayoutBounds().getWidth()));
    }
    double needed = 96 + pane.getButtonTypes().size() * (widest + 56);
    pane.setMinWidth(needed);
    pane.setPrefWidth(Math.max(needed, pane.getPrefWidth()));
  }

  /**
   * The labels and buttons under {@code root} keep their whole text in a narrow window: their
   * neighbours (text fields) give up width first. Wrapping labels are left to wrap.
   */
  public static void keepLabels(javafx.scene.Parent root) {
    for (javafx.scene.Node n : root.getChildrenUnmodifiable()) {
      if (n instanceof javafx.scene.control.Labeled l && !l.isWrapText()) {
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
      } else if (n instanceof javafx.scene.Parent p
          && !(n instanceof javafx.scene.control.Control)) {
        keepLabels(p);
      }
    }
  }
}
