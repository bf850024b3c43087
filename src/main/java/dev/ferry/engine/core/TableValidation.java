package dev.ferry.engine.core;

import java.util.List;
import java.util.Map;

/**
 * One table's validation. {@code status}: MATCH, MISMATCH, or MATCH_EXCEPT_REJECTS (the target
 * differs from the source exactly by the rows in the reject file). {@code problems} says what
 * differs in words; {@code differences} gives the first differing keys with both sides' values.
 */
public record TableValidation(
    String source,
    String target,
    String status,
    long sourceRows,
    long targetRows,
    long rejectedRows,
    String sourceChecksum,
    String targetChecksum,
    Map<String, Long> orphans,
    List<String> problems,
    List<KeyDifference> differences,
    double seconds) {

  public boolean ok() {
    return !status.equals("MISMATCH") && orphans.values().stream().allMatch(n -> n == 0);
  }
}
