package dev.ferry.ui.common;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.VBox;

/**
 * A step's status on its own line under its buttons: wrapped to at most three lines (so it never
 * pushes the page away), and when the message is longer than that — a database error with its
 * statement, a list of tables — a collapsed <em>Details</em> area below it holds the whole text,
 * selectable to copy. The label keeps the whole text (for screen readers and tests); only what is
 * drawn is cut.
 */
public final class StatusLine extends VBox {
  /** Longer than this (or more than one line) gets a Details area. */
  static final int LONG = 180;

  private final Label label = new Label();
  private final TitledPane details;

  public StatusLine(String id, ObservableValue<String> text) {
    label.setId(id);
    label.setWrapText(true);
    label.setTextOverrun(OverrunStyle.ELLIPSIS);
    label.setMaxWidth(Double.MAX_VALUE);
    label.textProperty().bind(text);
    // three lines of the label's own font
    label
        .maxHeightProperty()
        .bind(
            Bindings.createDoubleBinding(
                () -> label.getFont().getSize() * 4.4, label.fontProperty()));
    TextArea whole = new TextArea();
    whole.setId(id + "Details");
    whole.setEditable(false);
    whole.setWrapText(true);
    whole.setPrefRowCount(6);
    whole.getStyleClass().add("sql");
    whole.textProperty().bind(text);
    details = new TitledPane("Details", whole);
    details.setExpanded(false);
    details.setAnimated(false);
    details
        .visibleProperty()
        .bind(Bindings.createBooleanBinding(() -> isLong(text.getValue()), text));
    details.managedProperty().bind(details.visibleProperty());
    setSpacing(4);
    getChildren().setAll(label, details);
  }

  /** The label, for styling by outcome. */
  public Label label() {
    return label;
  }

  /** The Details area (collapsed; shown only for long messages). */
  public TitledPane details() {
    return details;
  }

  static boolean isLong(String s) {
    return s != null && (s.length() > LONG || s.strip().contains("\n"));
  }
}
