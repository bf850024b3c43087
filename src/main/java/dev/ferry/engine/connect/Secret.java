package dev.ferry.engine.connect;

import java.util.Objects;

/**
 * A password. Its {@code toString} never shows the value, so it cannot leak through logging, string
 * concatenation, records' generated {@code toString} or serialisation by reflection.
 */
public final class Secret {
  private static final Secret NONE = new Secret(null);
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  public static Secret of(String value) {
    return value == null || value.isEmpty() ? NONE : new Secret(value);
  }

  public static Secret none() {
    return NONE;
  }

  public boolean isPresent() {
    return value != null;
  }

  /** The clear text, for handing to a JDBC driver and nothing else. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return value == null ? "" : "******";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && Objects.equals(value, s.value);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(value);
  }
}
