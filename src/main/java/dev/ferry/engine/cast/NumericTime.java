package dev.ferry.engine.cast;

/**
 * How the numbers found in a date/time column are read. Detected once per column from the data (its
 * magnitude), never guessed row by row; ISO-8601 text in the same column is always accepted.
 */
public enum NumericTime {
  EPOCH_SECONDS,
  EPOCH_MILLIS,
  JULIAN_DAY
}
