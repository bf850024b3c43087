package dev.ferry.ui.app;

/** The wizard's steps, in order, with the title the navigator shows. */
public enum Step {
  CONNECT("Connect"),
  ASSESS("Assess"),
  PLAN("Plan"),
  MIGRATE("Migrate"),
  VALIDATE("Validate"),
  CHECKLISTS("Checklists"),
  REPORT("Report");

  private final String title;

  Step(String title) {
    this.title = title;
  }

  public String title() {
    return title;
  }
}
