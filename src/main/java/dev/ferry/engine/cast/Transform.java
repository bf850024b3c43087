package dev.ferry.engine.cast;

/**
 * How a source value becomes the target's value. The copy and validation paths both apply the same
 * transform, so a value mapped on purpose (0/1 → boolean, an epoch → timestamptz, a zero date →
 * NULL) compares equal in validation.
 */
public enum Transform {
  /** Text as UTF-8; NUL bytes and invalid UTF-8 are rejected (or cleaned when asked). */
  TEXT,
  /** An integer, passed as its decimal text; anything else is left to PostgreSQL to reject. */
  INTEGER,
  /** A binary floating-point number, written in its shortest exact decimal form. */
  FLOAT,
  /** An exact decimal. */
  DECIMAL,
  /** 0/1, 't'/'f', 'true'/'false', 'yes'/'no', 'y'/'n', 'on'/'off' → boolean. */
  BOOLEAN,
  /** ISO-8601 text, or a number read with the column's {@code numericTime} → timestamptz (UTC). */
  TIMESTAMPTZ,
  /** As {@link #TIMESTAMPTZ}, for timestamp without time zone. */
  TIMESTAMP,
  /** ISO-8601 date text or a number read with {@code numericTime} → date. */
  DATE,
  /** A time of day. */
  TIME,
  /** Bytes → bytea. */
  BYTEA,
  /** JSON text; PostgreSQL validates it. */
  JSON,
  /** MySQL bit(1) → boolean. */
  BIT_BOOLEAN,
  /** MySQL bit(n) → bit varying(n). */
  BIT_STRING,
  /** MySQL set('a','b') value "a,b" → text[] {a,b}. */
  SET_ARRAY,
  /** PostgreSQL → PostgreSQL: the source's COPY text is the target's input. */
  PASSTHROUGH
}
