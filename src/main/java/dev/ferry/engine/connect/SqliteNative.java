package dev.ferry.engine.connect;

import dev.ferry.engine.core.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * sqlite-jdbc's native library from a copy Ferry keeps, instead of the fresh extraction sqlite-jdbc
 * makes at every start (a new file in the temp folder, compared byte by byte with the jar's: about
 * 0.1 s of every command, since the run journal is a SQLite file too).
 */
public final class SqliteNative {
  static final String PATH = "org.sqlite.lib.path";
  static final String NAME = "org.sqlite.lib.name";

  private SqliteNative() {}

  /**
   * Points sqlite-jdbc at the copy of its library for this platform in {@code dir}, written from
   * the jar when missing or different (checked against the jar's bytes at every start, so a damaged
   * or replaced copy is never loaded). Nothing changes when the library's path is already set, when
   * the jar has no library for this platform, or when {@code dir} cannot be written: sqlite-jdbc
   * then extracts it as usual. Returns the copy used, or null.
   */
  public static Path useCopyIn(Path dir) {
    if (System.getProperty(PATH) != null || System.getProperty(NAME) != null) {
      return null;
    }
    try {
      String name = LibraryLoaderUtil.getNativeLibName();
      String folder = LibraryLoaderUtil.getNativeLibResourcePath();
      byte[] lib;
      try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(folder + "/" + name)) {
        if (in == null) {
          return null;
        }
        lib = in.readAllBytes();
      }
      Path target =
          dir.resolve("sqlite-" + SQLiteJDBCLoader.getVersion())
              .resolve(folder.replaceFirst("^/org/sqlite/native/", "").replace('/', '-'));
      Path file = target.resolve(name);
      PrivateFiles.folder(target);
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
          || Files.size(file) != lib.length
          || !Arrays.equals(Files.readAllBytes(file), lib)) {
        PrivateFiles.writeAtomically(file, lib);
      }
      // checked, then loaded later: only from folders no one else can write to in between
      for (Path p = target; p != null && !p.equals(dir.getParent()); p = p.getParent()) {
        if (!ownPrivate(p)) {
          return null;
        }
      }
      if (!ownPrivate(file)) {
        return null;
      }
      System.setProperty(PATH, target.toString());
      System.setProperty(NAME, name);
      return file;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Whether only this user can change {@code p}: its own, not writable by group or others, not a
   * link. Where the file system has no POSIX permissions (Windows) its owner decides.
   */
  private static boolean ownPrivate(Path p) throws IOException {
    if (Files.isSymbolicLink(p)) {
      return false;
    }
    String me = System.getProperty("user.name");
    if (!Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName().equals(me)) {
      return false;
    }
    if (!p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return true;
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
    return !perms.contains(PosixFilePermission.GROUP_WRITE)
        && !perms.contains(PosixFilePermission.OTHERS_WRITE);
  }
}
