package dev.ferry.ui;

import javafx.scene.control.Label;
import org.testfx.api.FxRobot;

/** A Tab is not a node: tests click its header's label. */
public final class TabHeaders {
  private TabHeaders() {}

  public static Label of(FxRobot robot, String title) {
    return robot.lookup(".tab-label").queryAllAs(Label.class).stream()
        .filter(l -> l.getText().equals(title))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no tab " + title));
  }
}
