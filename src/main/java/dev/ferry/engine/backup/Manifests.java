package dev.ferry.engine.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.engine.core.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The manifest beside every backup ({@code <file>.manifest.json}): what was backed up, when, with
 * which tool, and the file's size and SHA-256 — so a backup is checked before it is trusted.
 */
public final class Manifests {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .findAndRegisterModules()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private Manifests() {}

  /** The time (UTC, to the second) in backup and scratch names: {@code 20261122-081500}. */
  public static String stamp() {
    return DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
        .withZone(ZoneOffset.UTC)
        .format(Instant.now());
  }

  /** {@code <base><ext>} in dir, or {@code <base>-2<ext>} … when a backup of that second exists. */
  public static Path unused(Path dir, String base, String ext) {
    Path p = dir.resolve(base + ext);
    for (int n = 2; Files.exists(p) || Files.exists(of(p)); n++) {
      p = dir.resolve(base + "-" + n + ext);
    }
    return p;
  }

  static Path of(Path file) {
    return Path.of(file + ".manifest.json");
  }

  public static void write(Backup b) throws IOException {
    PrivateFiles.writeString(of(Path.of(b.file())), JSON.writeValueAsString(b));
  }

  /** The manifest of a backup file. */
  public static Backup read(Path file) throws IOException {
    return JSON.readValue(of(file).toFile(), Backup.class);
  }

  /** Every backup whose manifest is in {@code dir}, newest first. */
  public static List<Backup> list(Path dir) throws IOException {
    List<Backup> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".manifest.json")).toList()) {
        out.add(JSON.readValue(f.toFile(), Backup.class));
      }
    }
    out.sort((a, b) -> b.at().compareTo(a.at()));
    return out;
  }

  /** The newest backup of {@code database} whose manifest is in {@code dir}, if any. */
  public static Optional<Backup> newest(Path dir, String database) throws IOException {
    return newest(dir, database, null);
  }

  /**
   * The newest backup of {@code database} on {@code server} ({@link Backups#identity}); a null
   * server, or a manifest written before servers were recorded, matches by the name alone.
   */
  public static Optional<Backup> newest(Path dir, String database, String server)
      throws IOException {
    return list(dir).stream()
        .filter(b -> b.database().equals(database))
        .filter(b -> server == null || b.server() == null || b.server().equals(server))
        .findFirst();
  }

  /** Checks a backup against its manifest (size and SHA-256); returns the problems found. */
  public static List<String> verify(Path file) throws IOException {
    List<String> problems = new ArrayList<>();
    if (!Files.exists(of(file))) {
      problems.add("no manifest " + of(file));
      return problems;
    }
    Backup b = read(file);
    if (!Files.exists(file)) {
      problems.add("the backup " + file + " is missing");
    } else {
      if (Files.size(file) != b.bytes()) {
        problems.add("size " + Files.size(file) + " bytes, the manifest says " + b.bytes());
      }
      if (!sha256(file).equals(b.sha256())) {
        problems.add("SHA-256 differs from the manifest: the file changed since the backup");
      }
    }
    return problems;
  }

  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n = in.read(buf); n > 0; n = in.read(buf)) {
        d.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
