package dev.ferry.ui.common;

import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;

/** Read-only table columns computed from the row value. */
public final class Columns {
  private Columns() {}

  public static <S> TableColumn<S, String> text(
      String title, double width, Function<S, String> value) {
    TableColumn<S, String> c = new TableColumn<>(title);
    // a narrow window scrolls the table sideways rather than cutting a header to "…"
    double header = headerWidth(title);
    c.setMinWidth(header);
    c.setPrefWidth(Math.max(width, header));
    c.setEditable(false);
    c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
    tooltipWhenLong(c);
    return c;
  }

  /** Long texts are cut by the column: the whole text is in the cell's tooltip. */
  public static <S> void tooltipWhenLong(TableColumn<S, String> c) {
    c.setCellFactory(
        col ->
            new TableCell<>() {
              @Override
              protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                setTooltip(empty || text == null || text.length() < 24 ? null : new Tooltip(text));
              }
            });
  }

  /**
   * Every column of the table at least as wide as its header: a narrow window scrolls the table
   * sideways rather than cutting "Rejected" to "R…". For tables whose columns are not made by
   * {@link #text}.
   */
  public static void keepHeaders(TableView<?> table) {
    for (javafx.scene.control.TableColumn<?, ?> c : table.getColumns()) {
      double header = headerWidth(c.getText());
      c.setMinWidth(header);
      c.setPrefWidth(Math.max(c.getPrefWidth(), header));
    }
  }

  /** The width a column header needs to show {@code title} whole (bold, with its padding). */
  static double headerWidth(String title) {
    javafx.scene.text.Text t = new javafx.scene.text.Text(title);
    t.setFont(
        javafx.scene.text.Font.font(
            javafx.scene.text.Font.getDefault().getFamily(),
            javafx.scene.text.FontWeight.BOLD,
            javafx.scene.text.Font.getDefault().getSize()));
    return Math.ceil(t.getLayoutBounds().getWidth()) + 24;
  }

  /**
   * Colours a table's rows: each row gets the style class {@code styleOf} names for its item (one
   * of {@code classes}), and loses it again when the cell is reused for another item.
   */
  public static <S> void styleRows(
      TableView<S> table, List<String> classes, Function<S, String> styleOf) {
    table.setRowFactory(
        t ->
            new TableRow<>() {
              @Override
              protected void updateItem(S item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll(classes);
                if (!empty && item != null) {
                  getStyleClass().add(styleOf.apply(item));
                }
              }
            });
  }
}
