package dev.ferry.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ferry console} (and {@code ferry} alone): opens the desktop console. */
@Command(
    name = "console",
    mixinStandardHelpOptions = true,
    description = "Open the desktop console (the default when ferry is run without a command).")
public final class ConsoleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private final Runnable openConsole;

  /** {@code openConsole} opens the window and returns when it is closed; given by {@code Main}. */
  ConsoleCommand(Runnable openConsole) {
    this.openConsole = openConsole;
  }

  @Override
  public Integer call() {
    if (!displayAvailable()) {
      spec.commandLine()
          .getErr()
          .println(
              "ferry: the console needs a desktop session (no DISPLAY or WAYLAND_DISPLAY is set)."
                  + " Run it on a desktop, under xvfb-run, or use the commands: ferry --help");
      return ExitCodes.USAGE;
    }
    openConsole.run();
    return ExitCodes.OK;
  }

  static boolean displayAvailable() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (!os.contains("linux") && !os.contains("bsd")) {
      return true;
    }
    return notBlank(System.getenv("DISPLAY"))
        || notBlank(System.getenv("WAYLAND_DISPLAY"))
        || "Monocle".equals(System.getProperty("glass.platform"));
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
