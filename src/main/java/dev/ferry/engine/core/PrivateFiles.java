package dev.ferry.engine.core;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Files and folders of Ferry's workspace, readable by their owner only: folders {@code rwx------},
 * files {@code rw-------}, given at creation (never opened wider and narrowed later), so a journal,
 * a reject file holding rows, a dump, a report or the console's key is never readable by another
 * user of the machine, not even for a moment. On a file system without POSIX permissions the files
 * are made as the file system makes them.
 */
public final class PrivateFiles {
  private static final Set<PosixFilePermission> FOLDER =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {}

  /** Creates the folder and its missing parents owner-only; an existing folder is left as it is. */
  public static Path folder(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath();
    List<Path> missing = new ArrayList<>();
    for (Path p = abs; p != null && !Files.isDirectory(p); p = p.getParent()) {
      missing.addFirst(p);
    }
    for (Path p : missing) {
      try {
        if (posix(p)) {
          Files.createDirectory(p, PosixFilePermissions.asFileAttribute(FOLDER));
        } else {
          Files.createDirectory(p);
        }
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(p)) {
          throw e;
        }
      }
    }
    return dir;
  }

  /** The workspace's own folder: created owner-only, and an existing one closed to others. */
  public static Path workspace(Path dir) throws IOException {
    folder(dir);
    restrict(dir);
    return dir;
  }

  /** Opens the file for writing (created owner-only, or truncated), its folder made if missing. */
  public static OutputStream newOutputStream(Path file, OpenOption... options) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      folder(parent);
    }
    Set<OpenOption> opts = new HashSet<>(List.of(options));
    if (opts.isEmpty()) {
      opts.addAll(List.of(StandardOpenOption.TRUNCATE_EXISTING));
    }
    opts.add(StandardOpenOption.CREATE);
    opts.add(StandardOpenOption.WRITE);
    FileAttribute<?>[] attrs =
        posix(parent)
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
            : none();
    return Channels.newOutputStream(Files.newByteChannel(file, opts, attrs));
  }

  /** A UTF-8 writer on {@link #newOutputStream}. */
  public static BufferedWriter newWriter(Path file, OpenOption... options) throws IOException {
    return new BufferedWriter(
        new OutputStreamWriter(newOutputStream(file, options), StandardCharsets.UTF_8));
  }

  /** Writes the text (UTF-8) into an owner-only file. */
  public static Path writeString(Path file, String text) throws IOException {
    try (OutputStream out = newOutputStream(file)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }

  /**
   * Writes the bytes into a new owner-only file beside {@code file}, then moves it over {@code
   * file} in one step: a reader sees the old content or the new, never a part, and never a file
   * open to others.
   */
  public static Path writeAtomically(Path file, byte[] bytes) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    folder(parent);
    Path tmp =
        posix(parent)
            ? Files.createTempFile(
                parent,
                "." + file.getFileName(),
                ".tmp",
                PosixFilePermissions.asFileAttribute(FILE))
            : Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
    try {
      Files.write(tmp, bytes);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return file;
  }

  /**
   * Creates an empty owner-only file if there is none, for a program that opens it by name and
   * keeps the permissions it finds (SQLite gives its {@code -wal} and {@code -shm} files the
   * database's, logback appends).
   */
  public static Path touch(Path file) throws IOException {
    if (!Files.exists(file)) {
      newOutputStream(file, StandardOpenOption.APPEND).close();
    }
    return file;
  }

  /**
   * Closes to others a file or folder that another program made in the workspace (pg_dump's dump):
   * the one place permissions are changed after creation.
   */
  public static Path restrict(Path p) throws IOException {
    if (posix(p)) {
      Files.setPosixFilePermissions(p, Files.isDirectory(p) ? FOLDER : FILE);
    }
    return p;
  }

  private static boolean posix(Path p) {
    Path existing = p;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing != null
        && existing.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static FileAttribute<?>[] none() {
    return new FileAttribute<?>[0];
  }
}
