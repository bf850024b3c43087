package dev.ferry.engine.change;

import dev.ferry.engine.core.FerryException;

/**
 * An undo that failed and changed nothing: it ran in one transaction, rolled back at the first
 * error, so every version it was undoing is still applied, no table or type was moved and Flyway's
 * history is as it was.
 *
 * @param toVersion the version the undo was going back to
 * @param version the version whose undo failed, or null for Ferry's own staging statements
 * @param script the undo script, or null for Ferry's own staging statements
 * @param statement the statement that failed, on one line
 * @param sqlState PostgreSQL's SQLSTATE, or null when Ferry refused the statement itself
 * @param reason PostgreSQL's message (with detail and hint), or Ferry's
 */
public final class UndoFailed extends FerryException {
  private static final long serialVersionUID = 1L;

  private final String toVersion;
  private final String version;
  private final String script;
  private final String statement;
  private final String sqlState;
  private final String reason;

  UndoFailed(
      String toVersion,
      String version,
      String script,
      String statement,
      String sqlState,
      String reason,
      Throwable cause) {
    super(message(toVersion, version, script, statement, reason), cause);
    this.toVersion = toVersion;
    this.version = version;
    this.script = script;
    this.statement = statement;
    this.sqlState = sqlState;
    this.reason = reason;
  }

  private static String message(
      String toVersion, String version, String script, String statement, String reason) {
    String where =
        script == null
            ? "Ferry's staging statement"
            : script + " (the undo of version " + version + ")";
    return "Undo to version "
        + toVersion
        + " failed in "
        + where
        + ": "
        + reason
        + "\n  in: "
        + statement
        + "\nNothing changed: the undo ran in one transaction and was rolled back, so every version"
        + " above "
        + toVersion
        + " is still applied, no table or type was moved and Flyway's history is as it was.";
  }

  public String toVersion() {
    return toVersion;
  }

  public String version() {
    return version;
  }

  public String script() {
    return script;
  }

  public String statement() {
    return statement;
  }

  public String sqlState() {
    return sqlState;
  }

  public String reason() {
    return reason;
  }
}
