package dev.ferry.ui.common;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times as a DBA reads them: in the user's zone, to the second, no nanoseconds. */
public final class Times {
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private Times() {}

  public static String local(Instant at) {
    return at == null ? "—" : LOCAL.format(at.atZone(ZoneId.systemDefault()));
  }
}
