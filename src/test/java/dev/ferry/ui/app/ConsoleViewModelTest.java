package dev.ferry.ui.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The navigator never says a bare "done" over warnings. */
class ConsoleViewModelTest {
  @Test
  void aStepDoneWithWarningsSaysHowMany() {
    ConsoleViewModel vm = new ConsoleViewModel(List.of(Step.values()));
    vm.state(Step.MIGRATE).set(StepState.DONE);
    assertThat(vm.stateText(Step.MIGRATE)).isEqualTo("done");
    vm.warnings(Step.MIGRATE).set(1);
    assertThat(vm.stateText(Step.MIGRATE)).isEqualTo("done · 1 warning");
    vm.warnings(Step.MIGRATE).set(3);
    assertThat(vm.stateText(Step.MIGRATE)).isEqualTo("done · 3 warnings");
    assertThat(vm.stateText(Step.VALIDATE)).isEqualTo("not started");
  }
}
