package dev.ferry.engine.event;

import java.time.Duration;
import java.time.Instant;

/** What the engine reports while it works. Listeners get these from worker threads. */
public sealed interface MigrationEvent {

  /** A phase began; {@code work} is its size (rows for DATA and VALIDATE, steps otherwise). */
  record PhaseStarted(Phase phase, long work) implements MigrationEvent {}

  record PhaseFinished(Phase phase, Duration took, boolean ok) implements MigrationEvent {}

  /**
   * Rows of a table committed (or, in VALIDATE, compared) since the last event: {@code rowsDelta}
   * and {@code bytesDelta}; {@code rowsDone}/{@code rowsTotal} are the table's running totals.
   */
  record TableProgress(
      Phase phase, String table, long rowsDelta, long bytesDelta, long rowsDone, long rowsTotal)
      implements MigrationEvent {}

  record TableFinished(Phase phase, String table, long rows, long rejected, Duration took)
      implements MigrationEvent {}

  /** Something the DBA should read: an object and a message in their words. */
  record Warning(String object, String message) implements MigrationEvent {}

  /** A row went to the reject file. */
  record RowRejected(String table, String key, String reason) implements MigrationEvent {}

  /** One step of a phase (a DDL statement, an index build) finished. */
  record StepDone(Phase phase, String description) implements MigrationEvent {}

  /** A DDL statement on a table began (the end is its {@link Span}): "building its keys". */
  record WorkStarted(Phase phase, String table, String kind, String what)
      implements MigrationEvent {}

  /**
   * A piece of work on one target table, for the run's timeline: its load ({@code kind} {@link
   * #LOAD}) or one DDL statement ({@code kind} what it makes — TABLE, PRIMARY_KEY, INDEX,
   * FOREIGN_KEY… — or OTHER; {@code what} its description). {@code ok} is false when it failed.
   */
  record Span(
      Phase phase,
      String table,
      String kind,
      String what,
      Instant started,
      Instant finished,
      boolean ok)
      implements MigrationEvent {
    public static final String LOAD = "LOAD";

    public Duration took() {
      return Duration.between(started, finished);
    }
  }
}
