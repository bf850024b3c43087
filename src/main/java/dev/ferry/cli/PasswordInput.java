package dev.ferry.cli;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;

/**
 * A password option's value as the DBA gave it: the option alone asks at the prompt (never echoed),
 * {@code -} reads one line from standard input (for scripts: {@code … | ferry migrate
 * --target-password - …}), and a password written on the command line is taken but warned about —
 * every user of the machine sees it in the process list.
 */
final class PasswordInput {
  /** What picocli hands in when the option is given without a value. */
  static final String ASK = "";

  /** What reads the password from standard input. */
  static final String STDIN = "-";

  private PasswordInput() {}

  /**
   * The password, {@code null} when the option was not given. {@code option} names it in the prompt
   * and the warning, {@code elsewhere} says where else the password may come from.
   */
  static String read(String given, String option, String elsewhere) {
    if (given == null) {
      return null;
    }
    if (given.equals(STDIN)) {
      return line(System.in);
    }
    if (given.equals(ASK)) {
      Console console = System.console();
      if (console == null) {
        return line(System.in);
      }
      char[] typed = console.readPassword("%s: ", option.replaceFirst("^--", ""));
      return typed == null ? null : new String(typed);
    }
    System.err.println(
        "ferry: warning: the password given inline to "
            + option
            + " is visible to every user of this machine in the process list; give "
            + option
            + " alone to be asked, "
            + option
            + " - to read it from standard input, or "
            + elsewhere
            + ".");
    return given;
  }

  /** One line of standard input, without its line break; read byte by byte to take no more. */
  private static String line(InputStream in) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
        bytes.write(b);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the password from standard input", e);
    }
    String s = bytes.toString(Charset.defaultCharset());
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }
}
