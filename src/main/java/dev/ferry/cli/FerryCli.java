package dev.ferry.cli;

import dev.ferry.engine.Ferry;
import dev.ferry.engine.connect.SqliteNative;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.RefusedException;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "ferry",
    mixinStandardHelpOptions = true,
    versionProvider = FerryCli.Version.class,
    description =
        "Ferry moves SQLite, PostgreSQL and MySQL/MariaDB databases into PostgreSQL: fast, streaming, resumable, verified.")
public final class FerryCli implements Runnable {
  /**
   * The subcommands by name, in the order the usage lists them. Picocli reads a command's
   * annotations when it is added, and its classes cannot come from the JVM's start-up cache (they
   * are compiled for Java 5): adding all of them cost about 0.3 s of every start, so a command line
   * naming one gets that one ({@link #subcommandsFor}).
   */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    m.put("assess", AssessCommand.class);
    m.put("migrate", MigrateCommand.class);
    m.put("validate", ValidateCommand.class);
    m.put("inspect", InspectCommand.class);
    m.put("plan", PlanCommand.class);
    m.put("demo", DemoCommand.class);
    m.put("runs", RunsCommand.class);
    m.put("discard", DiscardCommand.class);
    m.put("report", ReportCommand.class);
    m.put("backup", BackupCommand.class);
    m.put("restore", RestoreCommand.class);
    m.put("change", ChangeCommand.class);
    m.put("online", OnlineCommand.class);
    m.put("console", ConsoleCommand.class);
    m.put("help", CommandLine.HelpCommand.class);
    return Collections.unmodifiableMap(m);
  }

  /**
   * The subcommands a command line needs: the one it names, none for the version alone, and all of
   * them for anything else (the usage lists them, {@code help} describes them, a misspelt name gets
   * the closest ones suggested).
   */
  static Collection<String> subcommandsFor(String... args) {
    if (args.length == 1 && (args[0].equals("-V") || args[0].equals("--version"))) {
      return List.of();
    }
    if (args.length > 0 && !args[0].equals("help") && SUBCOMMANDS.containsKey(args[0])) {
      return List.of(args[0]);
    }
    return SUBCOMMANDS.keySet();
  }

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
    // the run journal is a SQLite file: every command loads sqlite-jdbc's library
    SqliteNative.useCopyIn(Ferry.defaultWorkspace().resolve("native"));
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
    for (String name : subcommandsFor(args)) {
      cli.addSubcommand(name, SUBCOMMANDS.get(name));
    }
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
