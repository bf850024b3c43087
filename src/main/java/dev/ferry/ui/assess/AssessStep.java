package dev.ferry.ui.assess;

import dev.ferry.ui.app.Step;
import dev.ferry.ui.app.StepPage;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.Node;

/** The Assess step in the navigator; the assessment starts when the step is first shown. */
public final class AssessStep implements StepPage {
  private final AssessViewModel vm;
  private AssessView view;

  public AssessStep(AssessViewModel vm) {
    this.vm = vm;
  }

  @Override
  public Step step() {
    return Step.ASSESS;
  }

  @Override
  public Node view() {
    if (view == null) {
      view = new AssessView(vm);
    }
    return view;
  }

  @Override
  public ObservableBooleanValue complete() {
    return vm.completeBinding();
  }

  @Override
  public ObservableStringValue blockedReason() {
    return vm.blockedReasonBinding();
  }

  @Override
  public void entered() {
    if (!vm.runningProperty().get() && vm.findings().isEmpty() && !vm.hasRun()) {
      vm.run();
    }
  }
}
