package dev.ferry.engine.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * sqlite-jdbc's library is written once to Ferry's folder and loaded from there; a copy that is not
 * the jar's is written again, a path the user set is left alone.
 */
class SqliteNativeTest {
  @TempDir Path dir;
  private String path;
  private String name;

  @BeforeEach
  void clear() {
    path = System.clearProperty(SqliteNative.PATH);
    name = System.clearProperty(SqliteNative.NAME);
  }

  @AfterEach
  void restore() {
    System.clearProperty(SqliteNative.PATH);
    System.clearProperty(SqliteNative.NAME);
    if (path != null) {
      System.setProperty(SqliteNative.PATH, path);
    }
    if (name != null) {
      System.setProperty(SqliteNative.NAME, name);
    }
  }

  private static byte[] jarLibrary() throws Exception {
    try (InputStream in =
        SQLiteJDBCLoader.class.getResourceAsStream(
            LibraryLoaderUtil.getNativeLibResourcePath()
                + "/"
                + LibraryLoaderUtil.getNativeLibName())) {
      return in.readAllBytes();
    }
  }

  @Test
  void theLibraryIsWrittenOnceCheckedAtEachStartAndRewrittenWhenItDiffers() throws Exception {
    Path file = SqliteNative.useCopyIn(dir);
    assertThat(file).isNotNull().startsWith(dir);
    assertThat(Files.readAllBytes(file)).isEqualTo(jarLibrary());
    assertThat(System.getProperty(SqliteNative.PATH)).isEqualTo(file.getParent().toString());
    assertThat(System.getProperty(SqliteNative.NAME)).isEqualTo(file.getFileName().toString());

    // the next start finds the same bytes and leaves the file as it is
    FileTime written = FileTime.fromMillis(1_000_000L);
    Files.setLastModifiedTime(file, written);
    clear();
    assertThat(SqliteNative.useCopyIn(dir)).isEqualTo(file);
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(written);

    // a damaged or replaced copy is never what gets loaded
    Files.write(file, new byte[] {1, 2, 3});
    clear();
    assertThat(SqliteNative.useCopyIn(dir)).isEqualTo(file);
    assertThat(Files.readAllBytes(file)).isEqualTo(jarLibrary());
    try (var files = Files.list(file.getParent())) {
      assertThat(files).as("no temporary file left").containsExactly(file);
    }
  }

  @Test
  void aPathTheUserSetOrAFolderThatCannotBeWrittenLeavesSqliteJdbcAlone() throws Exception {
    System.setProperty(SqliteNative.PATH, "/opt/mine");
    assertThat(SqliteNative.useCopyIn(dir)).isNull();
    assertThat(System.getProperty(SqliteNative.NAME)).isNull();
    clear();
    Path notAFolder = Files.writeString(dir.resolve("file"), "x");
    assertThat(SqliteNative.useCopyIn(notAFolder)).isNull();
    assertThat(System.getProperty(SqliteNative.PATH)).isNull();
  }

  @Test
  void aCopyOthersCouldReplaceBeforeItIsLoadedIsNotUsed() throws Exception {
    Path shared = Files.createDirectory(dir.resolve("shared"));
    Path file = SqliteNative.useCopyIn(shared);
    assertThat(file).isNotNull();
    assertThat(Files.getPosixFilePermissions(file.getParent()))
        .containsExactlyInAnyOrderElementsOf(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrderElementsOf(PosixFilePermissions.fromString("rw-------"));
    clear();
    // a folder on the way that the group may write to
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwx---"));
    assertThat(SqliteNative.useCopyIn(shared)).isNull();
    assertThat(System.getProperty(SqliteNative.PATH)).isNull();
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwx------"));
    // the copy itself replaced by a link
    Path elsewhere = Files.write(dir.resolve("elsewhere.so"), jarLibrary());
    Files.delete(file);
    Files.createSymbolicLink(file, elsewhere);
    clear();
    assertThat(SqliteNative.useCopyIn(shared)).as("the link is replaced by a file").isEqualTo(file);
    assertThat(Files.isSymbolicLink(file)).isFalse();
  }
}
