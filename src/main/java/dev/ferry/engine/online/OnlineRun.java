package dev.ferry.engine.online;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One online migration as Ferry recorded it: where from and to (URLs without passwords), the schema
 * and tables it carries, the names of the objects it made — publication on the source, subscription
 * and its slot — so that abort removes exactly those, and what happened when (its events, the
 * cutover's LSN and the write downtime, how the comparison at that LSN came out, and the cutover's
 * evidence).
 */
public record OnlineRun(
    String id,
    String source,
    String target,
    String schema,
    List<String> tables,
    String publication,
    String subscription,
    String slot,
    Long subscriptionOid,
    State state,
    boolean keysAndIndexesBuilt,
    Instant startedAt,
    Instant writesStoppedAt,
    Instant doneAt,
    String cutoverLsn,
    List<Event> events,
    String verification,
    Cutover cutover) {

  /** Where an online run is; the servers say more ({@link OnlineStatus}). */
  public enum State {
    STARTING("starting"),
    INITIAL_COPY("initial-copy"),
    STREAMING("streaming"),
    CUTTING_OVER("cutting-over"),
    /** The target stands alone; every table is being compared on snapshots at the cutover LSN. */
    VERIFYING("verifying"),
    DONE("done"),
    /** Switched back to the old primary during the fallback window. */
    FELL_BACK("fell-back"),
    ABORTED("aborted");

    private final String word;

    State(String word) {
      this.word = word;
    }

    /** As the command line and JSON say it: {@code initial-copy}, {@code streaming}, … */
    public String word() {
      return word;
    }
  }

  /** Whether the forward replication is (or may be) under way: not cut over, not aborted. */
  public boolean replicating() {
    return switch (state) {
      case STARTING, INITIAL_COPY, STREAMING, CUTTING_OVER -> true;
      case VERIFYING, DONE, FELL_BACK, ABORTED -> false;
    };
  }

  /** Something Ferry did or saw, when. */
  public record Event(Instant at, String what) {}

  public OnlineRun {
    tables = List.copyOf(tables);
    events = List.copyOf(events);
  }

  OnlineRun with(State s) {
    return copy(
        s, keysAndIndexesBuilt, subscriptionOid, writesStoppedAt, doneAt, cutoverLsn, events);
  }

  OnlineRun withEvent(String what) {
    List<Event> e = new ArrayList<>(events);
    e.add(new Event(Instant.now(), what));
    return copy(
        state, keysAndIndexesBuilt, subscriptionOid, writesStoppedAt, doneAt, cutoverLsn, e);
  }

  OnlineRun withSubscriptionOid(Long oid) {
    return copy(state, keysAndIndexesBuilt, oid, writesStoppedAt, doneAt, cutoverLsn, events);
  }

  OnlineRun withKeysAndIndexes() {
    return copy(state, true, subscriptionOid, writesStoppedAt, doneAt, cutoverLsn, events);
  }

  OnlineRun withCutover(Instant writesStopped, String lsn, Instant done) {
    return copy(state, keysAndIndexesBuilt, subscriptionOid, writesStopped, done, lsn, events);
  }

  /** This run with what changes as it goes; where from and to, and the names, stay. */
  private OnlineRun copy(
      State s, boolean keys, Long oid, Instant stopped, Instant done, String lsn, List<Event> e) {
    return copy(s, keys, oid, stopped, done, lsn, e, verification, cutover);
  }

  private OnlineRun copy(
      State s,
      boolean keys,
      Long oid,
      Instant stopped,
      Instant done,
      String lsn,
      List<Event> e,
      String v,
      Cutover c) {
    return new OnlineRun(
        id,
        source,
        target,
        schema,
        tables,
        publication,
        subscription,
        slot,
        oid,
        s,
        keys,
        startedAt,
        stopped,
        done,
        lsn,
        e,
        v,
        c);
  }

  /**
   * This run with the comparison's outcome: {@code match: …} or {@code differ: …} (or why it did
   * not finish).
   */
  OnlineRun withVerification(String v) {
    return copy(
        state,
        keysAndIndexesBuilt,
        subscriptionOid,
        writesStoppedAt,
        doneAt,
        cutoverLsn,
        events,
        v,
        cutover);
  }

  /** This run with its cutover's evidence: timeline, tables compared, sequences. */
  OnlineRun withCutoverEvidence(Cutover c) {
    return copy(
        state,
        keysAndIndexesBuilt,
        subscriptionOid,
        writesStoppedAt,
        doneAt,
        cutoverLsn,
        events,
        verification,
        c);
  }

  /** How long writes were stopped at cutover; null before it finished. */
  public Duration writeDowntime() {
    return writesStoppedAt == null || doneAt == null
        ? null
        : Duration.between(writesStoppedAt, doneAt);
  }
}
