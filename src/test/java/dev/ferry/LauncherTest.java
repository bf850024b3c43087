package dev.ferry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar ferry.jar} on a Java older than 21 says what it needs in one line. */
class LauncherTest {
  private static final Path JAVA_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");

  private record Ran(int code, String out, String err) {}

  private static Ran run(Path java, String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.ferry.Launcher"));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("launcher", ".out");
    Path err = Files.createTempFile("launcher", ".err");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Ran(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void anOlderJavaIsToldWhichJavaFerryNeedsInOneLine() throws Exception {
    assumeTrue(Files.isExecutable(JAVA_17), "no Java 17 on this machine to try with");
    Ran r = run(JAVA_17, "--help");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err())
        .startsWith("Ferry needs Java 21 or newer; this is Java 17")
        .contains("./ferry")
        .doesNotContain("UnsupportedClassVersionError");
  }

  @Test
  void javaDashJarWithoutAHeapOptionRunsFerryWithABoundedHeap() {
    String[] args = {"migrate", "--help"};
    List<String> cmd =
        Launcher.boundedHeapCommand(
            "/jdk", List.of("-Dx=1"), "/opt/ferry.jar", 6L << 30, java.util.Map.of(), args);
    assertThat(cmd)
        .containsExactly(
            "/jdk/bin/java",
            "-Xmx512m",
            "-XX:Tier4InvocationThreshold=40000",
            "-XX:Tier4MinInvocationThreshold=20000",
            "-XX:Tier4CompileThreshold=50000",
            "-XX:Tier4BackEdgeThreshold=400000",
            "--enable-native-access=ALL-UNNAMED",
            "-Dx=1",
            "-cp",
            "/opt/ferry.jar",
            "dev.ferry.Launcher",
            "migrate",
            "--help");
    // a heap chosen, a small default heap, a class path of several entries, or relaunched already
    assertThat(
            Launcher.boundedHeapCommand(
                "/jdk", List.of("-Xmx2g"), "/opt/ferry.jar", 2L << 30, java.util.Map.of(), args))
        .isNull();
    assertThat(
            Launcher.boundedHeapCommand(
                "/jdk", List.of(), "/opt/ferry.jar", 512L << 20, java.util.Map.of(), args))
        .isNull();
    assertThat(
            Launcher.boundedHeapCommand(
                "/jdk", List.of("-Xms1g"), "/opt/ferry.jar", 6L << 30, java.util.Map.of(), args))
        .isNull();
    assertThat(
            Launcher.boundedHeapCommand(
                "/jdk", List.of(), "/a.jar:/b.jar", 6L << 30, java.util.Map.of(), args))
        .isNull();
    assertThat(
            Launcher.boundedHeapCommand(
                "/jdk",
                List.of(),
                "/opt/ferry.jar",
                6L << 30,
                java.util.Map.of("FERRY_NO_RELAUNCH", "1"),
                args))
        .isNull();
  }

  @Test
  void aNewEnoughJavaRunsFerry() throws Exception {
    Ran r = run(Path.of(System.getProperty("java.home"), "bin", "java"), "--help");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Usage: ferry");
  }

  @Test
  void theRelaunchedJvmKeepsItsClassArchiveBesideTheWorkspaceNamedAfterTheJar(@TempDir Path tmp)
      throws Exception {
    Path jar = Files.writeString(tmp.resolve("ferry.jar"), "not really a jar");
    java.io.File dir = tmp.resolve("home").resolve("cds").toFile();
    String[] migrate = {"migrate", "--source", "x"};
    List<String> options =
        Launcher.startupCacheOptions(jar.toFile(), dir, List.of("-Dx=1"), migrate, 21, 1, NO_BUILD);
    String jarId = Integer.toHexString(jar.toFile().getAbsolutePath().hashCode());
    String stamp =
        "ferry-" + jarId + "-" + jar.toFile().lastModified() + "-" + jar.toFile().length() + "-";
    assertThat(options)
        .containsExactly(
            "-XX:SharedArchiveFile=" + new java.io.File(dir, stamp + "migrate.jsa").getPath(),
            "-XX:+AutoCreateSharedArchive",
            "-Xlog:disable",
            "-Xlog:all=warning:stderr",
            "-Xlog:cds*=off:stderr");
    assertThat(dir).isDirectory();
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.toPath().getParent())))
        .isEqualTo("rwx------");
    // one archive per command; an archive of an older build of this jar is removed, another
    // jar's archives are kept
    Path stale = dir.toPath().resolve("ferry-" + jarId + "-1-2-migrate.jsa");
    Path otherJar = dir.toPath().resolve("ferry-0abc-1-2-migrate.jsa");
    Files.writeString(otherJar, "another installed jar");
    Path other = dir.toPath().resolve(stamp + "validate.jsa");
    Files.writeString(stale, "old");
    Files.writeString(other, "current jar, another command");
    Launcher.startupCacheOptions(jar.toFile(), dir, List.of(), migrate, 21, 1, NO_BUILD);
    assertThat(stale).doesNotExist();
    assertThat(other).exists();
    assertThat(otherJar).exists();
    assertThat(Launcher.commandName(new String[0])).isEqualTo("console");
    assertThat(Launcher.commandName(new String[] {"--help"})).isEqualTo("options");
    assertThat(Launcher.commandName(new String[] {"migrate", "--help"})).isEqualTo("options");
    assertThat(Launcher.commandName(new String[] {"../x/Y"})).isEqualTo("x");
    // the DBA's own choice of archive, sharing or logging is kept
    for (String own : List.of("-Xshare:off", "-Xlog:gc", "-XX:AOTCache=mine.aot")) {
      assertThat(
              Launcher.startupCacheOptions(
                  jar.toFile(), dir, List.of(own), migrate, 25, 1, NO_BUILD))
          .isEmpty();
    }
  }

  /** A builder that notes the record it was given and writes a cache. */
  private static Launcher.CacheBuilder writesCache(List<java.io.File> built) {
    return (rec, cache, log) -> {
      built.add(rec);
      try {
        Files.writeString(cache.toPath(), "cache");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return true;
    };
  }

  private static final Launcher.CacheBuilder NO_BUILD =
      (record, cache, log) -> {
        throw new AssertionError("no cache to build");
      };

  @Test
  void onJava25TheFirstStartRecordsTheNextBuildsTheCacheAndLaterStartsMapIt(@TempDir Path tmp)
      throws Exception {
    Path jar = Files.writeString(tmp.resolve("ferry.jar"), "not really a jar");
    java.io.File dir = tmp.resolve("cds").toFile();
    String[] migrate = {"migrate", "--source", "x"};
    String jarId = Integer.toHexString(jar.toFile().getAbsolutePath().hashCode());
    String name =
        "ferry-"
            + jarId
            + "-"
            + jar.toFile().lastModified()
            + "-"
            + jar.toFile().length()
            + "-"
            // the JVM's build and options: a cache made by another does not hold
            + Integer.toHexString((System.getProperty("java.vm.version") + "|[]").hashCode())
            + "-migrate";
    List<String> quiet =
        List.of(
            "-Xlog:disable",
            "-Xlog:all=warning:stderr",
            "-Xlog:cds*=off:stderr",
            "-Xlog:aot*=off:stderr");
    // a process that has ended: its record is complete
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    long gone = ended.pid();
    List<String> first =
        Launcher.startupCacheOptions(jar.toFile(), dir, List.of(), migrate, 25, gone, NO_BUILD);
    java.io.File record = new java.io.File(dir, name + "." + gone + ".aotconf");
    assertThat(first)
        .startsWith(
            "-XX:AOTMode=record",
            "-XX:AOTConfiguration=" + record.getPath(),
            "-XX:+DisplayVMOutputToStderr")
        .endsWith(quiet.toArray(String[]::new));
    // while the recording start runs, another start neither records nor builds
    Files.writeString(record.toPath(), "recorded classes");
    java.io.File running =
        new java.io.File(dir, name + "." + ProcessHandle.current().pid() + ".aotconf");
    Files.writeString(running.toPath(), "still being written");
    Files.move(record.toPath(), tmp.resolve("aside"));
    assertThat(Launcher.startupCacheOptions(jar.toFile(), dir, List.of(), migrate, 25, 7, NO_BUILD))
        .containsExactlyElementsOf(quiet);
    Files.delete(running.toPath());
    Files.move(tmp.resolve("aside"), record.toPath());
    // the next start builds the cache from the finished record, then maps it
    List<java.io.File> built = new java.util.ArrayList<>();
    List<String> second =
        Launcher.startupCacheOptions(
            jar.toFile(),
            dir,
            List.of(),
            migrate,
            25,
            7,
            (rec, cache, log) -> {
              // claimed (renamed) by this start before building
              assertThat(rec.getName()).isEqualTo(record.getName() + ".7.building");
              assertThat(record).doesNotExist();
              assertThat(log).isEqualTo(quiet);
              return writesCache(built).build(rec, cache, log);
            });
    java.io.File cache = new java.io.File(dir, name + ".aot");
    assertThat(built).hasSize(1);
    assertThat(second).startsWith("-XX:AOTCache=" + cache.getPath());
    assertThat(cache).isFile();
    assertThat(record).doesNotExist();
    // a second record made at the same time as the first is dropped, not built again
    Process alsoEnded = new ProcessBuilder("true").start();
    alsoEnded.waitFor();
    java.io.File twin = new java.io.File(dir, name + "." + alsoEnded.pid() + ".aotconf");
    Files.writeString(twin.toPath(), "recorded at the same time");
    assertThat(Launcher.startupCacheOptions(jar.toFile(), dir, List.of(), migrate, 25, 8, NO_BUILD))
        .startsWith("-XX:AOTCache=" + cache.getPath());
    assertThat(twin).doesNotExist();
    // a record whose id a later process took (or this start's own id) is finished: built
    Files.delete(cache.toPath());
    long me = ProcessHandle.current().pid();
    java.io.File reused = new java.io.File(dir, name + "." + me + ".aotconf");
    Files.writeString(reused.toPath(), "recorded long ago");
    assertThat(reused.setLastModified(1_000_000)).isTrue();
    List<java.io.File> rebuilt = new java.util.ArrayList<>();
    Launcher.CacheBuilder builds = writesCache(rebuilt);
    assertThat(Launcher.startupCacheOptions(jar.toFile(), dir, List.of(), migrate, 25, 9, builds))
        .startsWith("-XX:AOTCache=" + cache.getPath());
    assertThat(rebuilt).hasSize(1);
    Files.delete(cache.toPath());
    // (made just now, by a process alive and started before: only the id being this start's own
    // tells that it is not a recording in progress)
    java.io.File mine = new java.io.File(dir, name + "." + me + ".aotconf");
    Files.writeString(mine.toPath(), "made by an earlier process with this start's id");
    assertThat(Launcher.startupCacheOptions(jar.toFile(), dir, List.of(), migrate, 25, me, builds))
        .startsWith("-XX:AOTCache=" + cache.getPath());
    assertThat(rebuilt).hasSize(2);
    // what a stopped build left goes after ten minutes, not while a build may still run
    java.io.File stopped = new java.io.File(dir, name + ".1.aotconf.5.building");
    java.io.File building = new java.io.File(dir, name + ".2.aotconf.6.building");
    Files.writeString(stopped.toPath(), "record");
    Files.writeString(building.toPath(), "record");
    assertThat(stopped.setLastModified(System.currentTimeMillis() - 11 * 60_000L)).isTrue();
    Launcher.startupCacheOptions(jar.toFile(), dir, List.of(), migrate, 25, 12, NO_BUILD);
    assertThat(stopped).doesNotExist();
    assertThat(building).exists();
    Files.delete(building.toPath());
    // a failed build leaves no cache and no record: the next start records again
    Files.delete(cache.toPath());
    Files.writeString(record.toPath(), "recorded classes");
    assertThat(
            Launcher.startupCacheOptions(
                jar.toFile(), dir, List.of(), migrate, 25, 9, (rec, c, log) -> false))
        .startsWith("-XX:AOTMode=record");
    assertThat(cache).doesNotExist();
    assertThat(record).doesNotExist();
  }
}
