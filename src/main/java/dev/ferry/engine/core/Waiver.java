package dev.ferry.engine.core;

/**
 * A BLOCKER finding the DBA accepts: which finding ({@code finding} id and {@code object}, as
 * {@code ferry assess} prints them), why, and who decided. Recorded in the run journal and result.
 */
public record Waiver(String finding, String object, String reason, String by) {
  public Waiver {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException(
          "A waiver of " + finding + " on " + object + " needs a reason");
    }
  }

  public boolean covers(String findingId, String findingObject) {
    return finding.equals(findingId) && object.equals(findingObject);
  }
}
