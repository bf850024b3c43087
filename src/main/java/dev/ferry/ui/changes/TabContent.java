package dev.ferry.ui.changes;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** What every tab of the area looks like: its buttons and hint in a row, its tables below. */
abstract class TabContent extends VBox {
  TabContent() {
    super(8);
    setPadding(new Insets(8, 0, 0, 0));
  }

  /** Called once, by the tab's constructor, when its controls are built. */
  final void lay(HBox top, Node body) {
    top.setAlignment(Pos.CENTER_LEFT);
    getChildren().setAll(top, body);
  }
}
