package dev.ferry.engine.core;

import java.util.List;
import java.util.Map;

/**
 * One table's validation. {@code status}: MATCH, MISMATCH, MATCH_EXCEPT_REJECTS (the target differs
 * from the source exactly by the rows in the reject file), or PRE_EXISTING_ORPHANS (nothing
 * differs, but the table holds orphan rows the source holds too, and the run was strict). {@code
 * problems} says what differs in words; {@code differences} gives the first differing keys with
 * both sides' values; {@code notes} says what is worth knowing but not a difference (orphans the
 * source holds too).
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
    double seconds,
    long sourceOrphans,
    List<String> notes) {

  /** The status of a table that matches but keeps the source's orphans under --strict. */
  public static final String PRE_EXISTING_ORPHANS = "PRE_EXISTING_ORPHANS";

  public TableValidation {
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /**
   * The table matches, and any orphans on the target were orphans in the source too (pre-existing,
   * kept as the source has them, their foreign key NOT VALID); orphans the migration introduced do
   * not match, nor, under --strict, pre-existing ones.
   */
  public boolean ok() {
    return !status.equals("MISMATCH")
        && !status.equals(PRE_EXISTING_ORPHANS)
        && orphans.values().stream().mapToLong(Long::longValue).sum() <= sourceOrphans;
  }

  /** Whether the data or the orphans differ from the source (not only a --strict failure). */
  public boolean differs() {
    return !ok() && !status.equals(PRE_EXISTING_ORPHANS);
  }
}
