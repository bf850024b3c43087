package dev.ferry.ui.app;

/** What the navigator shows next to a step. */
public enum StepState {
  NOT_STARTED("not started"),
  READY("ready"),
  RUNNING("running"),
  DONE("done"),
  FAILED("failed");

  private final String label;

  StepState(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
