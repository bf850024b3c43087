package dev.ferry.engine.online;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The online runs of a workspace: one JSON file each in {@code online/}, written atomically after
 * every step (owner-only; URLs without passwords), so a Ferry closed at any moment — or a crash
 * between creating the publication and the subscription — knows exactly what it made.
 */
public final class OnlineRuns {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);
  private final Path dir;

  public OnlineRuns(Path workspace) {
    this.dir = workspace.resolve("online");
  }

  void save(OnlineRun run) {
    try {
      PrivateFiles.folder(dir);
      PrivateFiles.writeAtomically(dir.resolve(run.id() + ".json"), JSON.writeValueAsBytes(run));
    } catch (IOException e) {
      throw new FerryException(
          "Cannot record online run " + run.id() + " in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The run with this id; or, with no id, the newest. */
  public OnlineRun load(String id) {
    Path f;
    if (id == null || id.isBlank()) {
      f =
          all().stream()
              .findFirst()
              .orElseThrow(
                  () ->
                      new FerryException("No online run in " + dir + " yet (ferry online start)."));
    } else {
      f = dir.resolve(id + ".json");
      if (!Files.exists(f)) {
        throw new FerryException("No online run " + id + " in " + dir + ".");
      }
    }
    try {
      return JSON.readValue(f.toFile(), OnlineRun.class);
    } catch (IOException e) {
      throw new FerryException("Cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  /** Every run's file, newest first. */
  public List<Path> all() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".json"))
          .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
          .toList();
    } catch (IOException e) {
      throw new FerryException("Cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}
