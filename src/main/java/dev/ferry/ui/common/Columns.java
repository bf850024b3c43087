package dev.ferry.ui.common;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;

/** Read-only table columns computed from the row value. */
public final class Columns {
  private Columns() {}

  public static <S> TableColumn<S, String> text(
      String title, double width, Function<S, String> value) {
    TableColumn<S, String> c = new TableColumn<>(title);
    c.setPrefWidth(width);
    c.setEditable(false);
    c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
    // long messages are cut by the column: the whole text is in the tooltip
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
    return c;
  }
}
