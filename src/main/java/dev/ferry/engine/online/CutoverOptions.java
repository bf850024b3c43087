package dev.ferry.engine.online;

import java.time.Duration;

/**
 * How a cutover goes: who stops writes on the source, whether every table is compared before the
 * target takes writes (the write downtime then grows with the data) or after, on snapshots of both
 * sides at the cutover LSN (the default: downtime independent of size), and how long to wait for
 * lag 0 once writes stopped; with {@code fallback}, the old primary follows the target afterwards
 * ({@code targetConninfo}: how the source server reaches the target, null for the target's own
 * address).
 */
public record CutoverOptions(
    Writes writes,
    boolean compareBeforeSwitch,
    Duration lagWait,
    boolean fallback,
    String targetConninfo) {

  /** Who stops writes on the source. */
  public enum Writes {
    /** Ferry: a trigger on each published table refuses writes (kept after the cutover). */
    FERRY("ferry"),
    /** The DBA (maintenance mode) and confirms it. */
    CONFIRMED("confirmed");

    private final String word;

    Writes(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }

    /** {@code ferry} or {@code confirmed}. */
    public static Writes of(String word) {
      for (Writes w : values()) {
        if (w.word.equalsIgnoreCase(word)) {
          return w;
        }
      }
      throw new IllegalArgumentException("--writes is ferry or confirmed, not " + word);
    }
  }

  public CutoverOptions {
    if (writes == null || lagWait == null) {
      throw new IllegalArgumentException("writes and lagWait are required");
    }
  }

  public CutoverOptions(Writes writes, boolean compareBeforeSwitch, Duration lagWait) {
    this(writes, compareBeforeSwitch, lagWait, false, null);
  }

  /** Ferry stops writes, compares after the switch on snapshots, waits a minute for lag 0. */
  public static CutoverOptions defaults() {
    return new CutoverOptions(Writes.FERRY, false, Duration.ofMinutes(1));
  }

  public CutoverOptions withWrites(Writes w) {
    return new CutoverOptions(w, compareBeforeSwitch, lagWait, fallback, targetConninfo);
  }

  public CutoverOptions comparingBeforeSwitch(boolean before) {
    return new CutoverOptions(writes, before, lagWait, fallback, targetConninfo);
  }

  public CutoverOptions waiting(Duration d) {
    return new CutoverOptions(writes, compareBeforeSwitch, d, fallback, targetConninfo);
  }

  /** With a fallback window when {@code open}, through the target's own address. */
  public CutoverOptions withFallbackIf(boolean open) {
    return open ? withFallback(null) : this;
  }

  /** With a fallback window: the old primary follows the target after the cutover. */
  public CutoverOptions withFallback(String conninfo) {
    return new CutoverOptions(writes, compareBeforeSwitch, lagWait, true, conninfo);
  }
}
