package dev.ferry.engine.change;

/**
 * The risk of one pending statement: the lock it takes on which table, whether it rewrites or scans
 * that table, the table's real size, the impact and how long the lock is expected to be held, with
 * the safer way to write it where there is one; {@code breaking} says why application code that
 * runs now fails after it (a rename, a drop, a narrowed type), null when it does not.
 */
public record StatementRisk(
    String version,
    String script,
    String statement,
    String lock,
    String table,
    long tableBytes,
    String work,
    Impact impact,
    double estimatedLockSeconds,
    String advice,
    String breaking) {

  /** This risk with another account of the work, impact and advice. */
  public StatementRisk withWork(String work, Impact impact, String advice) {
    return with(work, impact, advice, breaking);
  }

  /** This risk flagged as breaking running application code, and why. */
  public StatementRisk withBreaking(String why) {
    return with(work, impact, advice, why);
  }

  private StatementRisk with(String work, Impact impact, String advice, String breaking) {
    return new StatementRisk(
        version,
        script,
        statement,
        lock,
        table,
        tableBytes,
        work,
        impact,
        estimatedLockSeconds,
        advice,
        breaking);
  }

  /** How much a statement can hurt a live database. */
  public enum Impact {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL,
    /**
     * The statement will fail on the target as it is (e.g. a required column on a table with rows).
     */
    BLOCKER
  }
}
