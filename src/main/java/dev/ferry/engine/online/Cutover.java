package dev.ferry.engine.online;

import java.time.Duration;
import java.util.List;

/**
 * What a cutover did: the LSN at which the target had every change of the source, who stopped
 * writes, each table checked on both sides as of that LSN (rows and a checksum) — before the target
 * took writes or after, on snapshots — the sequences moved on the target, and the timeline (each
 * step with its duration) with the write downtime: writes stopped until the target stood alone.
 */
public record Cutover(
    String lsn,
    CutoverOptions.Writes writesStoppedBy,
    boolean comparedBeforeSwitch,
    List<TableCheck> tables,
    List<String> sequences,
    List<Step> timeline,
    Duration writeDowntime) {

  /** One table compared at the cutover LSN. */
  public record TableCheck(
      String table, long sourceRows, long targetRows, String sourceSum, String targetSum) {
    public boolean matches() {
      return sourceRows == targetRows && sourceSum.equals(targetSum);
    }
  }

  /** One step of the cutover and how long it took. */
  public record Step(String what, Duration took) {}

  public Cutover {
    tables = List.copyOf(tables);
    sequences = List.copyOf(sequences);
    timeline = List.copyOf(timeline);
  }

  /** Whether every table matched on both sides at the cutover LSN. */
  public boolean matches() {
    return !tables.isEmpty() && tables.stream().allMatch(TableCheck::matches);
  }

  /** The tables that differ. */
  public List<String> differing() {
    return tables.stream().filter(t -> !t.matches()).map(TableCheck::table).toList();
  }
}
