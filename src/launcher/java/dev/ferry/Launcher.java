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
   * Class-data sharing for the relaunched JVM: the classes a command loads, archived by its first
   * start after the jar changed (in {@code dir}, named after the jar's time and size and the
   * command) and mapped by its next starts, about 0.4 s less per start, more than the relaunch costs. The JVM's own
   * log off: its harmless sharing messages (an archive made without the native access the jar
   * grants) went to standard output. Empty when the options already choose an archive, sharing or
   * logging, or the folder cannot be made.
   */
  static List<String> sharedArchiveOptions(
      File jar, File dir, List<String> jvmOptions, String[] args) {
    List<String> none = new ArrayList<>();
    for (String o : jvmOptions) {
      if (o.startsWith("-XX:SharedArchiveFile") || o.startsWith("-Xshare") || o.startsWith("-Xlog")) {
        return none;
      }
    }
    if (!jar.isFile() || !privateFolder(dir)) {
      return none;
    }
    // this jar's archives: another installed jar keeps its own
    String jarId = Integer.toHexString(jar.getAbsolutePath().hashCode());
    String stamp = "ferry-" + jarId + "-" + jar.lastModified() + "-" + jar.length() + "-";
    String name = stamp + commandName(args) + ".jsa";
    File[] old = dir.listFiles();
    if (old != null) {
      for (File f : old) {
        if (f.getName().startsWith("ferry-" + jarId + "-")
            && f.getName().endsWith(".jsa")
            && !f.getName().startsWith(stamp)) {
          f.delete();
        }
      }
    }
    List<String> options = new ArrayList<>();
    options.add("-XX:SharedArchiveFile=" + new File(dir, name).getPath());
    options.add("-XX:+AutoCreateSharedArchive");
    options.add("-Xlog:disable");
    options.add("-Xlog:all=warning:stderr");
    options.add("-Xlog:cds*=off:stderr");
    return options;
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
          sharedArchiveOptions(
              new File(System.getProperty("java.class.path")),
              archiveFolder(System.getenv()),
              java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments(),
              args));
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
