package dev.ferry.engine.online;

import java.util.List;

/**
 * An online run as the servers show it now: its state ({@code initial-copy} until every table is
 * ready, then {@code streaming}; {@code cutting-over}, {@code done}, {@code aborted} from the run),
 * each table's sync state on the target ({@code pg_subscription_rel}), the lag in bytes (source WAL
 * not yet confirmed by the subscription) and seconds ({@code pg_stat_replication.replay_lag}), the
 * WAL the slot keeps on the source, warnings (a slot that fills the source's disk), and after a
 * cutover how the comparison at its LSN came out ({@code match: …}, {@code differ: …}).
 */
public record OnlineStatus(
    String id,
    String state,
    List<TableSync> tables,
    Long lagBytes,
    Double lagSeconds,
    Long retainedWalBytes,
    List<String> warnings,
    String verification) {

  /** One table's initial-sync state on the target. */
  public record TableSync(String table, String state) {}

  public OnlineStatus {
    tables = List.copyOf(tables);
    warnings = List.copyOf(warnings);
  }

  /** Tables whose initial copy is done and that stream changes. */
  public long ready() {
    return tables.stream().filter(t -> t.state().equals("ready")).count();
  }
}
