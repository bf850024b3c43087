package dev.ferry.engine.core;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;
import org.postgresql.util.PSQLException;

/** An error with the DBA's context (what, where, why) and, where there is one, what to do. */
public class FerryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FerryException(String message) {
    super(message);
  }

  public FerryException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A one-line description of a database error: message, detail, hint and SQLSTATE. */
  public static String describe(Throwable e) {
    if (e instanceof PSQLException pe && pe.getServerErrorMessage() != null) {
      var m = pe.getServerErrorMessage();
      StringBuilder sb = new StringBuilder(m.getMessage());
      if (m.getDetail() != null) {
        sb.append(" — ").append(m.getDetail());
      }
      if (m.getHint() != null) {
        sb.append(" (hint: ").append(m.getHint()).append(')');
      }
      return sb.append(" [SQLSTATE ").append(m.getSQLState()).append(']').toString();
    }
    if (e instanceof AccessDeniedException ade) {
      return "permission denied: "
          + ade.getFile()
          + " (set FERRY_HOME or --workspace to a writable directory)";
    }
    if (e instanceof FileSystemException fse) {
      return "cannot use "
          + fse.getFile()
          + (fse.getReason() == null ? "" : ": " + fse.getReason())
          + " ("
          + fse.getClass().getSimpleName()
          + ")";
    }
    if (e instanceof SQLException se) {
      String state = se.getSQLState();
      String lost =
          state != null && state.startsWith("08")
              ? " (the connection was lost: the server stopped, the network was cut or the session"
                  + " was terminated)"
              : "";
      return se.getMessage() + lost + (state == null ? "" : " [SQLSTATE " + state + "]");
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }
}
