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
      return sb.append(remedy(pe))
          .append(" [SQLSTATE ")
          .append(m.getSQLState())
          .append(']')
          .toString();
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
      return se.getMessage() + remedy(se) + (state == null ? "" : " [SQLSTATE " + state + "]");
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  /**
   * What a connection error means and what to do, in a DBA's words: a connection refused or never
   * made is not a lost one, a missing database can be created, a file that is not SQLite is named.
   */
  private static String remedy(SQLException se) {
    String state = se.getSQLState();
    String msg = se.getMessage() == null ? "" : se.getMessage();
    if ("3D000".equals(state) || msg.matches("(?s).*[Uu]nknown database.*")) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("database \"([^\"]+)\" does not exist").matcher(msg);
      String name = m.find() ? m.group(1) : "<name>";
      return " (create it first: createdb "
          + name
          + " — or CREATE DATABASE for MySQL — or check the name)";
    }
    if ("28P01".equals(state) || "28000".equals(state) || msg.contains("Access denied for user")) {
      return " (the password or user is wrong: give the password at the prompt, in PGPASSWORD /"
          + " MYSQL_PWD, ~/.pgpass or ~/.my.cnf)";
    }
    if (msg.contains("SQLITE_NOTADB")) {
      return " (the file is not a SQLite database: choose another file)";
    }
    if ("08001".equals(state) || "08004".equals(state) || msg.contains("refused")) {
      return " (could not connect: is the server running, and are the host and port right?)";
    }
    if (state != null && state.startsWith("08")) {
      return " (the connection was lost: the server stopped, the network was cut or the session"
          + " was terminated)";
    }
    return "";
  }
}
