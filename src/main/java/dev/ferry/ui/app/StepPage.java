package dev.ferry.ui.app;

import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.Node;

/** One step of the wizard as the window sees it: its view and whether the DBA may go on. */
public interface StepPage {
  Step step();

  /** The step's controls (built once). */
  Node view();

  /** Whether Next is enabled. */
  ObservableBooleanValue complete();

  /** Why Next is disabled, shown next to it; empty when it is enabled. */
  ObservableStringValue blockedReason();

  /** Called when the step is shown. */
  default void entered() {}

  /** Called when the DBA moves on with Next. */
  default void leaving() {}
}
