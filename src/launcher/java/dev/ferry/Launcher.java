package dev.ferry;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The jar's entry point, compiled for Java 8 so that an older Java can run it: it checks the Java
 * it runs on and, when that is 21 or newer, hands over to {@code dev.ferry.Main}; else it says in
 * one line what Ferry needs and how {@code ./ferry} finds it, instead of a raw
 * UnsupportedClassVersionError.
 *
 * <p>Started as {@code java -jar ferry.jar} without a heap option on a machine where the JVM's
 * default heap is large (a quarter of the memory), it runs Ferry in a child JVM with {@link #HEAP}
 * instead: Ferry streams and needs no more, and a default heap of gigabytes lets the process grow
 * to that before the collector bothers. {@code -Xmx} (or any heap option) given, or {@code
 * FERRY_NO_RELAUNCH=1}, keeps it in one JVM.
 */
public final class Launcher {
  /** The heap Ferry runs with when nobody chose one. */
  static final String HEAP = "-Xmx512m";

  /**
   * A run is short and the machine may have two cores: only code that runs often gets the
   * optimising compiler's work (its thresholds 8x the JVM's: about 0.6 s of CPU less per run).
   */
  static final List<String> COMPILER =
      Arrays.asList(
          "-XX:Tier4InvocationThreshold=40000",
          "-XX:Tier4MinInvocationThreshold=20000",
          "-XX:Tier4CompileThreshold=50000",
          "-XX:Tier4BackEdgeThreshold=400000");

  /** A default heap above this is relaunched with {@link #HEAP}. */
  private static final long LARGE_DEFAULT_HEAP = 1L << 30;

  private Launcher() {}

  /**
   * The command that runs Ferry again with a bounded heap, or null to run it here: only for a JVM
   * started from a single jar, without any heap option, whose default heap exceeds 1 GB, and not
   * already relaunched.
   */
  static List<String> boundedHeapCommand(
      String javaHome,
      List<String> jvmOptions,
      String classPath,
      long maxHeap,
      Map<String, String> env,
      String[] args) {
    if (env.containsKey("FERRY_NO_RELAUNCH")
        || maxHeap <= LARGE_DEFAULT_HEAP
        || classPath == null
        || !classPath.endsWith(".jar")
        || classPath.contains(File.pathSeparator)) {
      return null;
    }
    for (String o : jvmOptions) {
      if (o.startsWith("-Xmx")
          || o.startsWith("-Xms")
          || o.startsWith("-XX:InitialHeapSize")
          || o.startsWith("-XX:MinHeapSize")
          || o.startsWith("-XX:MaxHeapSize")
          || o.startsWith("-XX:MaxRAM")
          || o.startsWith("-XX:MinRAMPercentage")
          || o.startsWith("-XX:InitialRAMPercentage")) {
        return null;
      }
    }
    List<String> command = new ArrayList<>();
    command.add(javaHome + File.separator + "bin" + File.separator + "java");
    command.add(HEAP);
    command.addAll(COMPILER);
    // the jar's manifest grants the SQLite driver native access; a class-path start does not read it
    command.add("--enable-native-access=ALL-UNNAMED");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath);
    command.add(Launcher.class.getName());
    command.addAll(Arrays.asList(args));
    return command;
  }

  /**
   * The start-up cache of the relaunched JVM, kept in {@code dir} and named after the jar's path,
   * time and size and the command (on Java 25 and newer also the JVM's build and options: a cache
   * another JVM made is ignored by this one). On Java 25 and newer an ahead-of-time cache (JEP 483/514/515:
   * classes loaded and linked, method profiles): the command's first start after the jar changed
   * records what it loads into {@code <name>.<pid>.aotconf} (pid: this launcher's, alive while its
   * child runs), the next start builds the cache from that record ({@link #buildCache}) and later
   * starts map it, about 0.5 s less per start. On Java 21 to 24 a class archive that the first start
   * writes, about 0.4 s less. The JVM's own caching messages off (they went to standard output).
   * Empty when the options already choose a cache, sharing or logging, or the folder cannot be made.
   */
  static List<String> startupCacheOptions(
      File jar,
      File dir,
      List<String> jvmOptions,
      String[] args,
      int javaMajor,
      long pid,
      CacheBuilder builder) {
    List<String> none = new ArrayList<>();
    for (String o : jvmOptions) {
      if (o.startsWith("-XX:SharedArchiveFile")
          || o.startsWith("-Xshare")
          || o.startsWith("-Xlog")
          || o.startsWith("-XX:AOT")) {
        return none;
      }
    }
    if (!jar.isFile() || !privateFolder(dir)) {
      return none;
    }
    // this jar's caches: another installed jar keeps its own
    String jarId = Integer.toHexString(jar.getAbsolutePath().hashCode());
    String stamp = "ferry-" + jarId + "-" + jar.lastModified() + "-" + jar.length() + "-";
    File[] old = dir.listFiles();
    if (old != null) {
      for (File f : old) {
        String n = f.getName();
        boolean leftBehind =
            (n.endsWith(".building") || n.endsWith(".tmp") || n.endsWith(".tmp.log"))
                && f.lastModified() < System.currentTimeMillis() - 10 * 60_000L;
        // an older build's caches; what a stopped cache build left (a build takes seconds)
        if (n.startsWith("ferry-" + jarId + "-") && (!n.startsWith(stamp) || leftBehind)) {
          f.delete();
        }
      }
    }
    List<String> quiet = new ArrayList<>();
    quiet.add("-Xlog:disable");
    quiet.add("-Xlog:all=warning:stderr");
    quiet.add("-Xlog:cds*=off:stderr");
    String command = commandName(args);
    List<String> options = new ArrayList<>();
    if (javaMajor < 25) {
      options.add("-XX:SharedArchiveFile=" + new File(dir, stamp + command + ".jsa").getPath());
      options.add("-XX:+AutoCreateSharedArchive");
      options.addAll(quiet);
      return options;
    }
    quiet.add("-Xlog:aot*=off:stderr");
    // a cache holds for one JVM build and one set of options (else the JVM ignores it silently)
    String name =
        stamp
            + Integer.toHexString(
                (System.getProperty("java.vm.version") + "|" + jvmOptions).hashCode())
            + "-"
            + command;
    File cache = new File(dir, name + ".aot");
    boolean recording = false;
    File[] records = dir.listFiles();
    for (int i = 0; records != null && i < records.length; i++) {
      String n = records[i].getName();
      if (!n.startsWith(name + ".") || !n.endsWith(".aotconf")) {
        continue;
      }
      long writer;
      try {
        writer = Long.parseLong(n.substring(name.length() + 1, n.length() - ".aotconf".length()));
      } catch (NumberFormatException e) {
        records[i].delete();
        continue;
      }
      if (writer != pid && recorderRunning(writer, records[i].lastModified())) {
        // that start still runs: the JVM makes its record when it starts, fills it when it ends
        recording = true;
        continue;
      }
      if (cache.isFile()) {
        // a second record (two first starts at once) once the cache is built from the first
        records[i].delete();
        continue;
      }
      // claimed by one start: others that start meanwhile do not build it too
      File claimed = new File(records[i].getPath() + "." + pid + ".building");
      if (!records[i].renameTo(claimed)) {
        continue;
      }
      File tmp = new File(dir, name + "." + pid + ".tmp");
      if (builder.build(claimed, tmp, quiet) && tmp.isFile()) {
        tmp.renameTo(cache);
      }
      tmp.delete();
      claimed.delete();
    }
    if (cache.isFile()) {
      options.add("-XX:AOTCache=" + cache.getPath());
    } else if (!recording && dir.canWrite()) {
      options.add("-XX:AOTMode=record");
      options.add(
          "-XX:AOTConfiguration=" + new File(dir, name + "." + pid + ".aotconf").getPath());
      // the JVM says where it recorded on its own output: stderr, not the command's
      options.add("-XX:+DisplayVMOutputToStderr");
    }
    options.addAll(quiet);
    return options;
  }

  /** Builds an ahead-of-time cache from a recorded start. */
  interface CacheBuilder {
    boolean build(File record, File cache, List<String> logOptions);
  }

  /**
   * Whether the process that made a record still runs: a process of that id started no later than
   * the record was made (one that took the id later is another). Java 9's ProcessHandle, reached
   * reflectively: this class is built for Java 8.
   */
  static boolean recorderRunning(long pid, long recordMadeMillis) {
    try {
      Class<?> handle = Class.forName("java.lang.ProcessHandle");
      Object found = handle.getMethod("of", long.class).invoke(null, pid);
      java.util.Optional<?> present = (java.util.Optional<?>) found;
      if (!present.isPresent()
          || !Boolean.TRUE.equals(handle.getMethod("isAlive").invoke(present.get()))) {
        return false;
      }
      Object info = handle.getMethod("info").invoke(present.get());
      java.util.Optional<?> started =
          (java.util.Optional<?>)
              Class.forName("java.lang.ProcessHandle$Info").getMethod("startInstant").invoke(info);
      return !started.isPresent()
          || ((java.time.Instant) started.get()).toEpochMilli() <= recordMadeMillis;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The builder that runs the JVM's cache assembly ({@code -XX:AOTMode=create}) with the options
   * and class path the relaunched JVM gets, quietly; about 2 s once per command and build.
   */
  static CacheBuilder buildCache(final List<String> relaunch) {
    return new CacheBuilder() {
      @Override
      public boolean build(File record, File cache, List<String> logOptions) {
        List<String> command = new ArrayList<>();
        int main = relaunch.indexOf(Launcher.class.getName());
        command.addAll(relaunch.subList(0, main < 0 ? relaunch.size() : main + 1));
        command.addAll(1, logOptions);
        command.add(1, "-XX:AOTMode=create");
        command.add(1, "-XX:AOTConfiguration=" + record.getPath());
        command.add(1, "-XX:AOTCache=" + cache.getPath());
        say("· preparing Ferry's start-up cache (once after a build) …");
        try {
          Process p =
              new ProcessBuilder(command)
                  .redirectErrorStream(true)
                  .redirectOutput(new File(cache.getPath() + ".log"))
                  .start();
          boolean ok = p.waitFor() == 0;
          new File(cache.getPath() + ".log").delete();
          return ok;
        } catch (java.io.IOException e) {
          return false;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    };
  }

  /**
   * The command's name for its archive: each command loads classes of its own (its help and the
   * version share one archive, "options").
   */
  static String commandName(String[] args) {
    for (String a : args) {
      // help and version load few classes: their archive must not stand for the command's own
      if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
        return "options";
      }
    }
    String first = args.length == 0 ? "console" : args[0];
    StringBuilder sb = new StringBuilder();
    for (char c : first.toCharArray()) {
      if ((c >= 'a' && c <= 'z' || c == '-') && sb.length() < 20) {
        sb.append(c);
      }
    }
    return sb.length() == 0 || sb.charAt(0) == '-' ? "options" : sb.toString();
  }

  /** The folder, made owner-only where it is new (as Ferry makes its workspace). */
  private static boolean privateFolder(File dir) {
    if (dir.isDirectory()) {
      return true;
    }
    try {
      java.nio.file.Path p = dir.toPath();
      java.nio.file.Path parent = p.toAbsolutePath().getParent();
      if (parent != null && !parent.toFile().isDirectory()) {
        privateFolder(parent.toFile());
      }
      if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        java.nio.file.Files.createDirectory(
            p,
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
      } else {
        java.nio.file.Files.createDirectory(p);
      }
      return true;
    } catch (java.io.IOException | UnsupportedOperationException e) {
      return dir.isDirectory();
    }
  }

  /** Where the relaunched JVM keeps its class archive: {@code $FERRY_HOME/cds} or ~/.ferry/cds. */
  private static File archiveFolder(Map<String, String> env) {
    String home = env.get("FERRY_HOME");
    File base =
        home != null && !home.isEmpty()
            ? new File(home)
            : new File(System.getProperty("user.home"), ".ferry");
    return new File(base, "cds");
  }

  /** A line on stderr (stdout carries the command's output). */
  private static void say(String line) {
    System.err.println(line);
  }

  /** This JVM's process id (Java 8's way: the runtime's name is "pid@host"). */
  private static long ownPid() {
    String n = java.lang.management.ManagementFactory.getRuntimeMXBean().getName();
    try {
      return Long.parseLong(n.substring(0, n.indexOf('@')));
    } catch (RuntimeException e) {
      return System.nanoTime() & 0xffffffL;
    }
  }

  /** Runs the command as a child sharing this terminal; returns its exit code. */
  private static int runChild(List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
    pb.environment().put("FERRY_NO_RELAUNCH", "1");
    final Process child = pb.start();
    Thread stop =
        new Thread(
            new Runnable() {
              @Override
              public void run() {
                // this JVM is told to stop (kill, logout): so is the child, which stops cleanly
                if (child.isAlive()) {
                  child.destroy();
                  try {
                    child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }
              }
            },
            "ferry-child-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    int code = child.waitFor();
    try {
      Runtime.getRuntime().removeShutdownHook(stop);
    } catch (IllegalStateException shuttingDown) {
      // already stopping: the hook runs
    }
    return code;
  }

  public static void main(String[] args) throws Throwable {
    String version = System.getProperty("java.specification.version", "0");
    int major;
    try {
      major =
          Integer.parseInt(
              version.startsWith("1.") ? version.substring(2) : version.split("\\.")[0]);
    } catch (NumberFormatException e) {
      major = 0;
    }
    if (major < 21) {
      System.err.println(
          "Ferry needs Java 21 or newer; this is Java "
              + version
              + " ("
              + System.getProperty("java.home")
              + "). Start it with ./ferry, which finds a JDK 21+ (JAVA_HOME or /usr/lib/jvm),"
              + " or install one (e.g. apt-get install openjdk-21-jdk).");
      System.exit(1);
    }
    List<String> relaunch =
        boundedHeapCommand(
            System.getProperty("java.home"),
            java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments(),
            System.getProperty("java.class.path"),
            Runtime.getRuntime().maxMemory(),
            System.getenv(),
            args);
    if (relaunch != null) {
      relaunch.addAll(
          2,
          startupCacheOptions(
              new File(System.getProperty("java.class.path")),
              archiveFolder(System.getenv()),
              java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments(),
              args,
              major,
              ownPid(),
              buildCache(relaunch)));
      System.exit(runChild(relaunch));
    }
    try {
      Class.forName("dev.ferry.Main")
          .getMethod("main", String[].class)
          .invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
