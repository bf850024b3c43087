package dev.ferry.engine.journal;

import java.time.Instant;

/** An operator's sign-off of a checklist item: who, when, and a note. */
public record SignOff(String runId, String item, String operator, Instant at, String note) {
  public SignOff {
    if (operator == null || operator.isBlank()) {
      throw new IllegalArgumentException("A sign-off needs the operator's name");
    }
  }
}
