package dev.ferry.ui.common;

import java.util.List;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;

/** Keeps a node's style class in step with an {@link Outcome} (see ferry.css: status-…). */
public final class OutcomeStyle {
  private static final List<String> CLASSES =
      List.of("status-success", "status-warning", "status-failure");

  private OutcomeStyle() {}

  public static void bind(Node node, ObservableValue<Outcome> outcome) {
    apply(node, outcome.getValue());
    outcome.addListener((o, a, b) -> apply(node, b));
  }

  private static void apply(Node node, Outcome o) {
    node.getStyleClass().removeAll(CLASSES);
    switch (o == null ? Outcome.NONE : o) {
      case SUCCESS -> node.getStyleClass().add("status-success");
      case WARNING -> node.getStyleClass().add("status-warning");
      case FAILURE -> node.getStyleClass().add("status-failure");
      case NONE -> {}
    }
  }
}
