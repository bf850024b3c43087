package dev.ferry.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Output options shared by every command. */
final class CommonOptions {
  @Option(
      names = {"-q", "--quiet"},
      description = "No progress bars.")
  boolean quiet;

  @Option(
      names = {"-v", "--verbose"},
      description = "Log every statement and step (to stderr).")
  void verbose(boolean v) {
    if (v) {
      // the level is Logback's own setting: SLF4J has no API to change it
      ((Logger) LoggerFactory.getLogger("dev.ferry")).setLevel(Level.DEBUG);
    }
  }
}
