package dev.ferry.ui.app;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The navigator: which step is shown, how far the DBA has come, and each step's state (not started,
 * ready, running, done, failed). A step can be revisited once reached; going forward is Next's job.
 */
public final class ConsoleViewModel {
  private final ReadOnlyObjectWrapper<Step> current = new ReadOnlyObjectWrapper<>(Step.CONNECT);
  private final ReadOnlyIntegerWrapper furthest = new ReadOnlyIntegerWrapper(0);
  private final Map<Step, ObjectProperty<StepState>> states = new EnumMap<>(Step.class);
  private final Map<Step, IntegerProperty> warnings = new EnumMap<>(Step.class);
  private final List<Step> steps;

  /**
   * @param steps the steps this console has, in order (the first is Connect)
   */
  public ConsoleViewModel(List<Step> steps) {
    this.steps = List.copyOf(steps);
    for (Step s : Step.values()) {
      states.put(s, new SimpleObjectProperty<>(StepState.NOT_STARTED));
      warnings.put(s, new SimpleIntegerProperty());
    }
    states.get(Step.CONNECT).set(StepState.READY);
  }

  public ReadOnlyObjectProperty<Step> currentProperty() {
    return current.getReadOnlyProperty();
  }

  public ReadOnlyIntegerProperty furthestProperty() {
    return furthest.getReadOnlyProperty();
  }

  /** A step's state; steps set their own while they run. */
  public ObjectProperty<StepState> state(Step s) {
    return states.get(s);
  }

  /**
   * The warnings a step's work ended with (a run done with a view the target refused, rejected
   * rows): the navigator shows the count beside the step, so "done" never hides them.
   */
  public IntegerProperty warnings(Step s) {
    return warnings.get(s);
  }

  /** What the navigator says of a step: its state, and its warnings when it has any. */
  public String stateText(Step s) {
    int n = warnings.get(s).get();
    String state = states.get(s).get().label();
    return n == 0 ? state : state + " · " + n + (n == 1 ? " warning" : " warnings");
  }

  public List<Step> steps() {
    return steps;
  }

  public boolean canGoTo(Step s) {
    return steps.contains(s) && steps.indexOf(s) <= furthest.get();
  }

  public boolean isLast(Step s) {
    return steps.indexOf(s) == steps.size() - 1;
  }

  public void goTo(Step s) {
    if (canGoTo(s)) {
      current.set(s);
    }
  }

  /** Moves to the next step, marking this one done unless it says otherwise. */
  public void next() {
    Step s = current.get();
    int i = steps.indexOf(s);
    if (i + 1 >= steps.size()) {
      return;
    }
    if (states.get(s).get() != StepState.FAILED) {
      states.get(s).set(StepState.DONE);
    }
    Step n = steps.get(i + 1);
    furthest.set(Math.max(furthest.get(), i + 1));
    if (states.get(n).get() == StepState.NOT_STARTED) {
      states.get(n).set(StepState.READY);
    }
    current.set(n);
  }

  /** A past run opened from History: every step before {@code at} is done, all can be visited. */
  public void openPast(Step at) {
    for (Step s : steps) {
      states.get(s).set(steps.indexOf(s) < steps.indexOf(at) ? StepState.DONE : StepState.READY);
    }
    furthest.set(steps.size() - 1);
    current.set(at);
  }

  /** Back to the start of a new migration. */
  public void restart() {
    for (Step s : steps) {
      states.get(s).set(s == steps.get(0) ? StepState.READY : StepState.NOT_STARTED);
    }
    furthest.set(0);
    current.set(steps.get(0));
  }

  public void back() {
    int i = steps.indexOf(current.get());
    if (i > 0) {
      current.set(steps.get(i - 1));
    }
  }

  /**
   * Forgets everything after {@code s} (the connections or the plan changed): later steps are not
   * started again.
   */
  public void resetAfter(Step s) {
    int i = steps.indexOf(s);
    for (Step later : steps.subList(i + 1, steps.size())) {
      states.get(later).set(StepState.NOT_STARTED);
    }
    furthest.set(Math.min(furthest.get(), i + 1));
  }
}
