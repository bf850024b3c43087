package dev.ferry.engine.catalog;

/**
 * A function or procedure, as {@code pg_get_functiondef} prints it, cut around its qualified name:
 * the statement is {@code head} + the name in the target schema + {@code tail}, where {@code tail}
 * starts with the argument list. {@code arguments} is the identity argument list (for COMMENT and
 * GRANT). {@code usesRowTypes}: its arguments or result use a table's row type, so it is made after
 * the tables.
 */
public record Routine(
    String schema,
    String name,
    boolean procedure,
    String arguments,
    String head,
    String tail,
    boolean usesRowTypes) {

  /** {@code function} or {@code procedure}, as SQL names the kind. */
  public String keyword() {
    return procedure ? "PROCEDURE" : "FUNCTION";
  }
}
