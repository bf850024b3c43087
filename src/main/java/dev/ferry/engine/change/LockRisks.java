package dev.ferry.engine.change;

import java.util.List;

/**
 * The lock and risk of every pending statement, in the order the scripts would run them, and how
 * PostgreSQL's own account of them was had (or why it was not).
 */
public record LockRisks(List<StatementRisk> statements, String rehearsal) {
  public LockRisks(List<StatementRisk> statements) {
    this(statements, null);
  }
}
