package dev.ferry;

import java.lang.reflect.InvocationTargetException;

/**
 * The jar's entry point, compiled for Java 8 so that an older Java can run it: it checks the Java
 * it runs on and, when that is 21 or newer, hands over to {@code dev.ferry.Main}; else it says in
 * one line what Ferry needs and how {@code ./ferry} finds it, instead of a raw
 * UnsupportedClassVersionError.
 */
public final class Launcher {
  private Launcher() {}

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
    try {
      Class.forName("dev.ferry.Main")
          .getMethod("main", String[].class)
          .invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
