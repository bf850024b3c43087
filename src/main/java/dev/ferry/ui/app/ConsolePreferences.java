package dev.ferry.ui.app;

import dev.ferry.engine.connect.Redaction;
import dev.ferry.engine.core.PrivateFiles;
import dev.ferry.ui.changes.ProjectViewModel;
import dev.ferry.ui.connect.ConnectViewModel;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
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
    vm.applyFields(p);
  }

  /** The schema-change project last opened: target (its URL holds no password), folder, schema. */
  void restore(ProjectViewModel vm) {
    vm.targetUrlProperty().set(p.getProperty("changes.target", ""));
    vm.folderProperty().set(p.getProperty("changes.folder", ""));
    vm.schemaProperty().set(p.getProperty("changes.schema", "public"));
  }

  void remember(ProjectViewModel vm) {
    // a password typed into the URL is never saved
    p.setProperty("changes.target", Redaction.strip(vm.targetUrlProperty().get().strip()));
    p.setProperty("changes.folder", vm.folderProperty().get());
    p.setProperty("changes.schema", vm.schemaProperty().get());
  }

  void save(ConnectViewModel vm, double width, double height, boolean dark) {
    p.setProperty("window.width", Double.toString(width));
    p.setProperty("window.height", Double.toString(height));
    p.setProperty("theme.dark", Boolean.toString(dark));
    p.putAll(vm.fields());
    try {
      try (Writer w = PrivateFiles.newWriter(file)) {
        p.store(w, "Ferry console: window and last connections (passwords are never saved)");
      }
    } catch (IOException e) {
      LOG.warn("cannot save {}: {}", file, e.getMessage());
    }
  }
}
