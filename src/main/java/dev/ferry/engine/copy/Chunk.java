package dev.ferry.engine.copy;

/**
 * A part of a table loaded and committed as one unit: rows whose split key is in {@code [lo, hi)}
 * (an open end when null), or the whole table when {@code key} is null. {@code number} and the
 * range are kept in the journal and stable across resumes.
 */
public record Chunk(int number, String key, Long lo, Long hi) {
  public static Chunk whole() {
    return new Chunk(0, null, null, null);
  }
}
