package dev.ferry.engine;

import java.sql.SQLException;

/**
 * Whether resuming a failed run can succeed: after a lost connection, a server shutting down or out
 * of resources, a lock or serialization conflict, or an I/O error — not after an error the same
 * statements would meet again (a missing object, a privilege, invalid SQL or data).
 */
final class Resumable {
  private Resumable() {}

  static boolean after(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException se && se.getSQLState() != null) {
        String state = se.getSQLState();
        return state.startsWith("08") // connection exception
            || state.startsWith("40") // serialization failure, deadlock
            || state.startsWith("53") // insufficient resources: disk full, out of memory
            || state.startsWith("57") // operator intervention: shutdown, cancel, terminated
            || state.startsWith("58") // system error: I/O
            || state.equals("55P03"); // lock not available
      }
    }
    // no SQLSTATE to go by (e.g. the driver's I/O error before the server said anything)
    return !(e instanceof IllegalStateException || e instanceof IllegalArgumentException);
  }
}
