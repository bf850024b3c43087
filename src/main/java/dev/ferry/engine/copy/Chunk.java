package dev.ferry.engine.copy;

/**
 * A part of a table loaded and committed as one unit: rows whose split key is in {@code [lo, hi)},
 * or the whole table when {@code key} is null. {@code number} is stable across resumes.
 */
public record Chunk(int number, String key, Long lo, Long hi) {
  public static Chunk whole() {
    return new Chunk(0, null, null, null);
  }
}
