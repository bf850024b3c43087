package dev.ferry.engine.checklist;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A checklist template: sections of items, each with an id, its text and, where Ferry can prove it,
 * the {@code proof} that ticks it (see {@link Evidence}).
 */
public record Checklist(String title, List<Section> sections) {
  /** The proofs Ferry knows how to collect. */
  public static final Set<String> PROOFS =
      Set.of(
          "backup",
          "assessment",
          "schema",
          "data",
          "rejects",
          "sequences",
          "analyze",
          "validation");

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public record Section(String name, List<Item> items) {
    public Section {
      items = List.copyOf(items);
    }
  }

  public record Item(String id, String text, String proof) {}

  public Checklist {
    sections = List.copyOf(sections);
  }

  public List<Item> items() {
    return sections.stream().flatMap(s -> s.items().stream()).toList();
  }

  /** Reads a template, refusing unknown proofs and duplicate ids with the file's name. */
  public static Checklist read(InputStream in, String name) {
    Checklist c;
    try {
      c = YAML.readValue(in, Checklist.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Checklist " + name + " is not valid: " + e.getMessage(), e);
    }
    List<String> seen = new ArrayList<>();
    for (Item i : c.items()) {
      if (i.id() == null || i.text() == null) {
        throw new IllegalArgumentException(
            "Checklist " + name + ": every item needs an id and a text");
      }
      if (seen.contains(i.id())) {
        throw new IllegalArgumentException(
            "Checklist " + name + ": item id '" + i.id() + "' is used twice");
      }
      seen.add(i.id());
      if (i.proof() != null && !PROOFS.contains(i.proof())) {
        throw new IllegalArgumentException(
            "Checklist "
                + name
                + ": item '"
                + i.id()
                + "' has unknown proof '"
                + i.proof()
                + "' (known: "
                + PROOFS
                + ")");
      }
    }
    return c;
  }

  /** The shipped production-migration checklist. */
  public static Checklist shipped() {
    String res = "/dev/ferry/shipped/checklists/production-migration.yaml";
    try (InputStream in = Checklist.class.getResourceAsStream(res)) {
      if (in == null) {
        throw new IllegalStateException(
            "the shipped checklist " + res + " is missing from the build");
      }
      return read(in, "production-migration.yaml");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The workspace's own templates ({@code checklists/*.yaml}), or the shipped one if there are
   * none.
   */
  public static List<Checklist> available(Path workspace) {
    Path dir = workspace.resolve("checklists");
    List<Checklist> out = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
          try (InputStream in = Files.newInputStream(f)) {
            out.add(read(in, f.toString()));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the checklists in " + dir, e);
      }
    }
    if (out.isEmpty()) {
      out.add(shipped());
    }
    return out;
  }
}
