package dev.ferry.ui.app;

import javafx.scene.control.Label;
import org.testfx.api.FxRobot;

/** A Tab is not a node: tests click its header's label. */
final class TabHeaders {
  private TabHeaders() {}

  static Label of(FxRobot robot, String title) {
    return robot.lookup(".tab-label").queryAllAs(Label.class).stream()
        .filter(l -> l.getText().equals(title))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no tab " + title));
  }
}
