package dev.ferry.cli;

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
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.ferry"))
          .setLevel(ch.qos.logback.classic.Level.DEBUG);
    }
  }
}
