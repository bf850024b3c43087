package dev.ferry.ui.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import dev.ferry.engine.core.PrivateFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The console's log file, {@code <workspace>/logs/console.log}: what the console logs (failures
 * with their stack traces, which the window never shows) in a file the DBA can send. It rolls at 5
 * MB into {@code console.1.log} … {@code console.3.log}, so it never holds more than four files.
 *
 * <p>Added to logback's root logger beside what {@code logback.xml} configures, so the command
 * line's logging and the levels (the {@code ferry.log.level} property) stay as they are: the file
 * gets what the console would print to stderr.
 */
public final class ConsoleLog implements AutoCloseable {
  static final int MAX_MB = 5;
  private static final int OLD_FILES = 3;
  private static final String APPENDER = "CONSOLE_FILE";
  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(ConsoleLog.class);

  private final Path file;
  private final RollingFileAppender<ILoggingEvent> appender;

  private ConsoleLog(Path file, RollingFileAppender<ILoggingEvent> appender) {
    this.file = file;
    this.appender = appender;
  }

  /**
   * Starts writing {@code <workspace>/logs/console.log}. Without logback, or when the file cannot
   * be written (a read-only workspace), the console opens anyway: the returned log writes nothing.
   */
  public static ConsoleLog start(Path workspace) {
    Path file = workspace.resolve("logs").resolve("console.log");
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return new ConsoleLog(file, null);
    }
    try {
      // owner-only from the start: logback appends to the file it finds
      PrivateFiles.touch(file);
    } catch (IOException e) {
      return new ConsoleLog(file, null);
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    // the stack trace follows each message that has one (logback appends it)
    encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
    encoder.start();

    RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
    appender.setContext(context);
    appender.setName(APPENDER);
    appender.setFile(file.toString());
    appender.setEncoder(encoder);

    FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
    rolling.setContext(context);
    rolling.setParent(appender);
    rolling.setFileNamePattern(file.resolveSibling("console.%i.log").toString());
    rolling.setMinIndex(1);
    rolling.setMaxIndex(OLD_FILES);
    rolling.start();

    SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
    trigger.setContext(context);
    trigger.setMaxFileSize(FileSize.valueOf(MAX_MB + "MB"));
    trigger.start();

    appender.setRollingPolicy(rolling);
    appender.setTriggeringPolicy(trigger);
    appender.start();
    if (!appender.isStarted()) {
      LOG.warn("cannot write the console's log file {}", file);
      return new ConsoleLog(file, null);
    }
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    return new ConsoleLog(file, appender);
  }

  /** The file written, when it is. */
  public Optional<Path> file() {
    return appender == null ? Optional.empty() : Optional.of(file);
  }

  /** Stops writing the file (what is written stays). */
  @Override
  public void close() {
    if (appender != null && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
      appender.stop();
    }
  }
}
