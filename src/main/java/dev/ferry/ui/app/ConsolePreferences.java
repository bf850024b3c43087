package dev.ferry.ui.app;

import dev.ferry.engine.connect.DatabaseKind;
import dev.ferry.ui.connect.ConnectViewModel;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the console remembers between sessions, in {@code console.properties} in the workspace:
 * window size, theme and the last connections — never a password.
 */
final class ConsolePreferences {
  private static final Logger LOG = LoggerFactory.getLogger(ConsolePreferences.class);
  private final Path file;
  private final Properties p = new Properties();

  ConsolePreferences(Path workspace) {
    this.file = workspace.resolve("console.properties");
    if (Files.isRegularFile(file)) {
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      } catch (IOException e) {
        LOG.warn("cannot read {}: {}", file, e.getMessage());
      }
    }
  }

  double width() {
    return number("window.width", 1360);
  }

  double height() {
    return number("window.height", 860);
  }

  boolean dark() {
    return Boolean.parseBoolean(p.getProperty("theme.dark", "false"));
  }

  private double number(String key, double fallback) {
    try {
      return Math.max(800, Double.parseDouble(p.getProperty(key, "" + fallback)));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  void restore(ConnectViewModel vm) {
    String kind = p.getProperty("source.kind");
    if (kind != null) {
      try {
        vm.sourceKindProperty().set(DatabaseKind.valueOf(kind));
      } catch (IllegalArgumentException e) {
        LOG.debug("unknown source kind {}", kind);
      }
    }
    String files = p.getProperty("source.files", "");
    Arrays.stream(files.split("\n"))
        .filter(s -> !s.isBlank())
        .map(Path::of)
        .filter(Files::isRegularFile)
        .forEach(vm.sqliteFiles()::add);
    restore(vm.sourceUrlProperty(), "source.url");
    restore(vm.sourceSchemasProperty(), "source.schemas");
    restore(vm.targetUrlProperty(), "target.url");
    restore(vm.targetHostProperty(), "target.host");
    restore(vm.targetPortProperty(), "target.port");
    restore(vm.targetDatabaseProperty(), "target.database");
    restore(vm.targetUserProperty(), "target.user");
    restore(vm.targetSslModeProperty(), "target.sslmode");
    restore(vm.targetSchemaProperty(), "target.schema");
    vm.targetByUrlProperty().set(Boolean.parseBoolean(p.getProperty("target.byUrl", "false")));
  }

  private void restore(javafx.beans.property.StringProperty prop, String key) {
    String v = p.getProperty(key);
    if (v != null) {
      prop.set(v);
    }
  }

  void save(ConnectViewModel vm, double width, double height, boolean dark) {
    p.setProperty("window.width", Double.toString(width));
    p.setProperty("window.height", Double.toString(height));
    p.setProperty("theme.dark", Boolean.toString(dark));
    p.setProperty("source.kind", vm.sourceKindProperty().get().name());
    p.setProperty(
        "source.files", String.join("\n", vm.sqliteFiles().stream().map(Path::toString).toList()));
    // URLs are stored as typed: ConnectionSpec refuses a password inside a URL, so none is here
    p.setProperty("source.url", vm.sourceUrlProperty().get());
    p.setProperty("source.schemas", vm.sourceSchemasProperty().get());
    p.setProperty("target.url", vm.targetUrlProperty().get());
    p.setProperty("target.host", vm.targetHostProperty().get());
    p.setProperty("target.port", vm.targetPortProperty().get());
    p.setProperty("target.database", vm.targetDatabaseProperty().get());
    p.setProperty("target.user", vm.targetUserProperty().get());
    p.setProperty("target.sslmode", vm.targetSslModeProperty().get());
    p.setProperty("target.schema", vm.targetSchemaProperty().get());
    p.setProperty("target.byUrl", Boolean.toString(vm.targetByUrlProperty().get()));
    try {
      Files.createDirectories(file.getParent());
      try (Writer w = Files.newBufferedWriter(file)) {
        p.store(w, "Ferry console: window and last connections (passwords are never saved)");
      }
    } catch (IOException e) {
      LOG.warn("cannot save {}: {}", file, e.getMessage());
    }
  }
}
