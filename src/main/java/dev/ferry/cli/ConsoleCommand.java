package dev.ferry.cli;

import dev.ferry.ui.app.ConsoleLauncher;
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
    ConsoleLauncher.launch(new String[0]);
    return ExitCodes.OK;
  }

  static boolean displayAvailable() {
    String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
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
