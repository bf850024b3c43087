package dev.ferry.engine.change;

import java.util.List;

/**
 * Flyway's validation of the applied scripts against the folder: one line per script changed since
 * it ran (checksum), missing or failed; none when they match.
 */
public record ChangeValidation(List<String> problems) {
  public boolean ok() {
    return problems.isEmpty();
  }
}
