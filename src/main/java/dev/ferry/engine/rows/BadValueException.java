package dev.ferry.engine.rows;

/** A source value that cannot become a target value; the row is rejected with this reason. */
public final class BadValueException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String column;
  private final String value;

  public BadValueException(String column, String reason, String value) {
    super(reason, null, false, false);
    this.column = column;
    this.value = value;
  }

  public String column() {
    return column;
  }

  public String value() {
    return value;
  }
}
