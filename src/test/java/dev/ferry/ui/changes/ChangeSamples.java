package dev.ferry.ui.changes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The schema-change projects of resources/samples, copied for a test (which may then edit them),
 * with approvals asked for.
 */
final class ChangeSamples {
  private ChangeSamples() {}

  /**
   * Copies {@code resources/samples/<sample>} into {@code into} and adds {@code approvals:
   * [roles…]} to its ferry-change.yaml (created when the sample has none).
   */
  static Path withApprovals(String sample, Path into, String... roles) throws Exception {
    Path from = Path.of("resources", "samples", sample);
    Files.createDirectories(into);
    try (var files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path to = into.resolve(from.relativize(f));
        Files.createDirectories(to.getParent());
        Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.writeString(
        into.resolve("ferry-change.yaml"),
        "approvals: [" + String.join(", ", List.of(roles)) + "]\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    return into;
  }
}
