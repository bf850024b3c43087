package dev.ferry.engine.core;

import java.io.IOException;
import java.sql.SQLException;

/**
 * What a database error's SQLSTATE says about it: bad data (a row to reject), a transient conflict
 * (worth doing the same work again after a pause), or a cause a resume can cure. The first SQLSTATE
 * in the chain of causes decides.
 */
public final class SqlStates {
  private SqlStates() {}

  /** The first SQLSTATE in the chain of causes, or null when none has one. */
  public static String of(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException se && se.getSQLState() != null) {
        return se.getSQLState();
      }
    }
    return null;
  }

  /**
   * A data exception (class 22: a value the column's type refuses) or an integrity constraint
   * violation (class 23: NOT NULL, unique, check, foreign key): the row is bad, the load is not.
   * Only these may put a row in the reject file.
   */
  public static boolean isBadData(Throwable e) {
    String state = of(e);
    return state != null && (state.startsWith("22") || state.startsWith("23"));
  }

  /**
   * A conflict or a lost connection that the same work may not meet again a moment later: deadlock
   * (40P01), serialization failure (40001), lock timeout (55P03) or a connection exception (class
   * 08, or an I/O error before the server said anything).
   */
  public static boolean isTransient(Throwable e) {
    String state = of(e);
    if (state == null) {
      return lostBeforeAnyReply(e);
    }
    return isConnectionLost(e)
        || state.equals("40P01")
        || state.equals("40001")
        || state.equals("55P03");
  }

  /** The connection is gone (class 08, or an I/O error without a SQLSTATE). */
  public static boolean isConnectionLost(Throwable e) {
    String state = of(e);
    return state == null ? lostBeforeAnyReply(e) : state.startsWith("08");
  }

  /**
   * Whether resuming a failed run can succeed: after a lost connection, a server shutting down or
   * out of resources, a lock or serialization conflict, or an I/O error — not after an error the
   * same statements would meet again (a missing object, a privilege, invalid SQL or data).
   */
  public static boolean isResumable(Throwable e) {
    String state = of(e);
    if (state == null) {
      // no SQLSTATE to go by (e.g. the driver's I/O error before the server said anything)
      return !(e instanceof IllegalStateException || e instanceof IllegalArgumentException);
    }
    return state.startsWith("08") // connection exception
        || state.startsWith("40") // serialization failure, deadlock
        || state.startsWith("53") // insufficient resources: disk full, out of memory
        || state.startsWith("57") // operator intervention: shutdown, cancel, terminated
        || state.startsWith("58") // system error: I/O
        || state.equals("55P03"); // lock not available
  }

  private static boolean lostBeforeAnyReply(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }
}
