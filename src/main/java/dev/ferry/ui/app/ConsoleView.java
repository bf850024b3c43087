package dev.ferry.ui.app;

import dev.ferry.ui.common.FocusKeeper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The window's layout: the step navigator on the left (each step with its state), the current step
 * in the middle, Back / Next and the reason Next is disabled at the bottom.
 */
public final class ConsoleView extends BorderPane {
  private final ConsoleViewModel vm;
  private final Map<Step, StepPage> pages = new LinkedHashMap<>();
  private final StackPane content = new StackPane();
  private final Label reason = new Label();
  private final Button next = new Button("_Next");

  private final Node navigator;
  private final Node buttons;

  /** Below this width the step list shows numbers only. */
  static final double COMPACT_BELOW = 1200;

  private final javafx.beans.binding.BooleanBinding compact =
      widthProperty().lessThan(COMPACT_BELOW);

  public ConsoleView(ConsoleViewModel vm, List<StepPage> stepPages, Node header) {
    this.vm = vm;
    stepPages.forEach(p -> pages.put(p.step(), p));
    setTop(header);
    navigator = navigator();
    buttons = buttons();
    showWizard();
    vm.currentProperty().addListener((o, a, b) -> show(b));
    show(vm.currentProperty().get());
  }

  private Node navigator() {
    ListView<Step> list = new ListView<>();
    list.setId("navigator");
    list.getItems().addAll(pages.keySet());
    // narrow windows: the step list shrinks to its numbers (the full line in each tooltip)
    list.prefWidthProperty().bind(Bindings.when(compact).then(64.0).otherwise(220.0));
    list.setCellFactory(l -> new StepCell());
    list.getSelectionModel().select(vm.currentProperty().get());
    vm.currentProperty().addListener((o, a, b) -> list.getSelectionModel().select(b));
    list.getSelectionModel()
        .selectedItemProperty()
        .addListener(
            (o, a, b) -> {
              if (b != null && b != vm.currentProperty().get()) {
                if (vm.canGoTo(b)) {
                  vm.goTo(b);
                } else {
                  list.getSelectionModel().select(vm.currentProperty().get());
                }
              }
            });
    VBox box = new VBox(list);
    VBox.setVgrow(list, Priority.ALWAYS);
    box.setPadding(new Insets(8));
    return box;
  }

  /** A step with its number and state, coloured by state; steps not reached yet are disabled. */
  private final class StepCell extends ListCell<Step> {
    private final InvalidationListener refresh = o -> refresh();

    StepCell() {
      for (Step s : vm.steps()) {
        vm.state(s).addListener(refresh);
        vm.warnings(s).addListener(refresh);
      }
      vm.furthestProperty().addListener(refresh);
      compact.addListener(refresh);
    }

    @Override
    protected void updateItem(Step s, boolean empty) {
      super.updateItem(s, empty);
      refresh();
    }

    private void refresh() {
      getStyleClass().removeAll(stateClasses());
      Step s = getItem();
      if (isEmpty() || s == null) {
        setText(null);
        setDisable(false);
        return;
      }
      StepState state = vm.state(s).get();
      String line = (vm.steps().indexOf(s) + 1) + ".  " + s.title() + "  —  " + vm.stateText(s);
      setText(compact.get() ? (vm.steps().indexOf(s) + 1) + mark(s, state) : line);
      setTooltip(compact.get() ? new javafx.scene.control.Tooltip(line) : null);
      getStyleClass()
          .add(
              state == StepState.DONE && vm.warnings(s).get() > 0
                  ? "step-warning"
                  : stateClass(state));
      setDisable(!vm.canGoTo(s));
    }
  }

  /** A compact step's state as one sign after its number. */
  private String mark(Step s, StepState state) {
    return switch (state) {
      case DONE -> vm.warnings(s).get() > 0 ? " !" : " ✓";
      case FAILED -> " ✗";
      case RUNNING -> " …";
      default -> "";
    };
  }

  /** Shows a page instead of the wizard (the start page). */
  public void showPage(Node page) {
    setLeft(null);
    setBottom(null);
    setCenter(page);
  }

  public void showWizard() {
    setLeft(navigator);
    setBottom(buttons);
    setCenter(content);
    StepPage p = pages.get(vm.currentProperty().get());
    javafx.application.Platform.runLater(() -> FocusKeeper.focusFirst(p.view()));
  }

  private static List<String> stateClasses() {
    return java.util.stream.Stream.concat(
            Arrays.stream(StepState.values()).map(ConsoleView::stateClass),
            java.util.stream.Stream.of("step-warning"))
        .toList();
  }

  private static String stateClass(StepState s) {
    return "step-" + s.name().toLowerCase().replace('_', '-');
  }

  private Node buttons() {
    Button back = new Button("_Back");
    back.setId("back");
    back.setCancelButton(false);
    back.disableProperty().bind(vm.currentProperty().isEqualTo(Step.CONNECT));
    back.setOnAction(e -> vm.back());
    next.setId("next");
    next.setOnAction(
        e -> {
          StepPage p = pages.get(vm.currentProperty().get());
          p.leaving();
          vm.next();
        });
    reason.setId("nextReason");
    reason.getStyleClass().add("next-reason");
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox bar = new HBox(10, back, spacer, reason, next);
    bar.setAlignment(Pos.CENTER_RIGHT);
    bar.setPadding(new Insets(8, 16, 12, 16));
    return bar;
  }

  private void show(Step s) {
    StepPage p = pages.get(s);
    content.getChildren().setAll(p.view());
    next.disableProperty().unbind();
    next.disableProperty()
        .bind(Bindings.not(p.complete()).or(Bindings.createBooleanBinding(() -> vm.isLast(s))));
    reason.textProperty().unbind();
    reason.textProperty().bind(p.blockedReason());
    p.entered();
    javafx.application.Platform.runLater(() -> FocusKeeper.focusFirst(p.view()));
  }
}
