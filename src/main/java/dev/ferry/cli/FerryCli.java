package dev.ferry.cli;

import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.RefusedException;
import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "ferry",
    mixinStandardHelpOptions = true,
    versionProvider = FerryCli.Version.class,
    description =
        "Ferry moves SQLite, PostgreSQL and MySQL/MariaDB databases into PostgreSQL: fast, streaming, resumable, verified.",
    subcommands = {
      AssessCommand.class,
      MigrateCommand.class,
      ValidateCommand.class,
      InspectCommand.class,
      PlanCommand.class,
      DemoCommand.class,
      RunsCommand.class,
      DiscardCommand.class,
      ReportCommand.class,
      BackupCommand.class,
      RestoreCommand.class,
      ChangeCommand.class,
      OnlineCommand.class,
      ConsoleCommand.class,
      CommandLine.HelpCommand.class
    })
public final class FerryCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * Runs the command line and returns the exit code. Without a console to open ({@code ferry
   * console} then says so), as the tests and scripts use it.
   */
  public static int run(String... args) {
    return run(
        () -> {
          throw new IllegalStateException("This build of ferry has no console");
        },
        args);
  }

  /**
   * Runs the command line and returns the exit code; no arguments run {@code console}, which calls
   * {@code openConsole}. The command line never names the console's classes: {@code Main} hands
   * them in.
   */
  public static int run(Runnable openConsole, String... args) {
    if (args.length == 0) {
      args = new String[] {"console"};
    }
    CommandLine cli =
        new CommandLine(
            new FerryCli(),
            new CommandLine.IFactory() {
              @Override
              public <K> K create(Class<K> cls) throws Exception {
                if (cls == ConsoleCommand.class) {
                  return cls.cast(new ConsoleCommand(openConsole));
                }
                return CommandLine.defaultFactory().create(cls);
              }
            });
    cli.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          PrintWriter err = cmd.getErr();
          String message =
              ex instanceof FerryException
                      || ex instanceof CommandLine.ParameterException
                      || ex instanceof IllegalArgumentException
                      || ex instanceof IllegalStateException
                  ? ex.getMessage()
                  : FerryException.describe(ex);
          err.println("ferry: " + message);
          if (ex instanceof CommandLine.ParameterException) {
            return ExitCodes.USAGE;
          }
          if (ex instanceof RefusedException) {
            return ExitCodes.REFUSED;
          }
          LoggerFactory.getLogger(FerryCli.class).debug("command failed", ex);
          return ExitCodes.FAILURE;
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = FerryCli.class.getPackage().getImplementationVersion();
      return new String[] {"ferry " + (v == null ? "(development build)" : v)};
    }
  }
}
