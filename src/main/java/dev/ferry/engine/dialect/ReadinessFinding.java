package dev.ferry.engine.dialect;

/**
 * What a dialect found about a source's readiness to be read: its integrity, files beside it,
 * settings that would end a long read. The assessment reports it as a finding about that source.
 */
public record ReadinessFinding(String id, Level level, String message, String remedy) {
  /**
   * How much it matters, in the assessment's three degrees: the assessment depends on this package,
   * so this package cannot use the assessment's own severity.
   */
  public enum Level {
    BLOCKER,
    WARNING,
    INFO
  }
}
