package dev.ferry.ui.connect;

import dev.ferry.ui.app.Step;
import dev.ferry.ui.app.StepPage;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.Node;

/** The Connect step in the navigator. */
public final class ConnectStep implements StepPage {
  private final ConnectViewModel vm;
  private ConnectView view;

  public ConnectStep(ConnectViewModel vm) {
    this.vm = vm;
  }

  @Override
  public Step step() {
    return Step.CONNECT;
  }

  @Override
  public Node view() {
    if (view == null) {
      view = new ConnectView(vm);
    }
    return view;
  }

  @Override
  public ObservableBooleanValue complete() {
    return vm.validBinding();
  }

  @Override
  public ObservableStringValue blockedReason() {
    return Bindings.createStringBinding(
        () -> {
          String s = vm.sourceErrorBinding().get();
          String t = vm.targetErrorBinding().get();
          return s != null ? "Source: " + s : t != null ? "Target: " + t : "";
        },
        vm.sourceErrorBinding(),
        vm.targetErrorBinding());
  }

  @Override
  public void leaving() {
    vm.apply();
  }
}
