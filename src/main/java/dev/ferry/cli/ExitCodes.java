package dev.ferry.cli;

/** The process exit codes scripts can rely on. */
public final class ExitCodes {
  /** Everything loaded and validated. */
  public static final int OK = 0;

  /** The run failed (connection, SQL, I/O); resumable with --resume. */
  public static final int FAILURE = 1;

  /** Bad command line. */
  public static final int USAGE = 2;

  /** Loaded, but some rows were rejected (see the reject files). */
  public static final int REJECTED_ROWS = 3;

  /** Validation found a difference between source and target. */
  public static final int VALIDATION_MISMATCH = 4;

  /** Refused before writing anything (target tables exist, plan does not match the source). */
  public static final int REFUSED = 5;

  /** The assessment found at least one BLOCKER. */
  public static final int BLOCKERS = 6;

  /**
   * The data is loaded, but objects of the schema failed (listed; the result's ledger has them).
   */
  public static final int OBJECTS_FAILED = 7;

  /** Cancelled with Ctrl-C; resumable with --resume. */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}
}
