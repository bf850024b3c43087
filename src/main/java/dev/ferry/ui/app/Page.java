package dev.ferry.ui.app;

import java.util.function.Supplier;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.Node;

/** A {@link StepPage} made of its parts: the view is built on first show. */
public final class Page implements StepPage {
  private final Step step;
  private final Supplier<Node> viewFactory;
  private final ObservableBooleanValue complete;
  private final ObservableStringValue blockedReason;
  private final Runnable entered;
  private final Runnable leaving;
  private Node view;

  public Page(
      Step step,
      Supplier<Node> viewFactory,
      ObservableBooleanValue complete,
      ObservableStringValue blockedReason,
      Runnable entered,
      Runnable leaving) {
    this.step = step;
    this.viewFactory = viewFactory;
    this.complete = complete;
    this.blockedReason = blockedReason;
    this.entered = entered;
    this.leaving = leaving;
  }

  @Override
  public Step step() {
    return step;
  }

  @Override
  public Node view() {
    if (view == null) {
      view = viewFactory.get();
    }
    return view;
  }

  @Override
  public ObservableBooleanValue complete() {
    return complete;
  }

  @Override
  public ObservableStringValue blockedReason() {
    return blockedReason;
  }

  @Override
  public void entered() {
    entered.run();
  }

  @Override
  public void leaving() {
    leaving.run();
  }
}
