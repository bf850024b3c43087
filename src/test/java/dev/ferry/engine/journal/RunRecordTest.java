package dev.ferry.engine.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.engine.core.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A run whose process was killed can be resumed at once, also while that process is a zombie its
 * parent has not reaped (a container's first process may never reap it): it no longer runs.
 */
class RunRecordTest {
  @Test
  void aRunWhoseProcessIsAKilledZombieIsAbandoned() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "no /proc on this system");
    // a process whose parent never waits for it (a shell that became sleep): killed, it stays a
    // zombie (a child of this JVM would be reaped by the JVM at once)
    Process parent = new ProcessBuilder("sh", "-c", "sleep 60 & echo $!; exec sleep 60").start();
    long pid;
    try (var out =
        new java.io.BufferedReader(new java.io.InputStreamReader(parent.getInputStream()))) {
      pid = Long.parseLong(out.readLine().strip());
    }
    RunRecord running = new RunRecord("r", Instant.now(), null, RunStatus.RUNNING, null, null, pid);
    assertThat(running.isAbandoned()).as("a live process").isFalse();
    assertThat(RunRecord.running(ProcessHandle.current().pid())).isTrue();
    new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor(10, TimeUnit.SECONDS);
    long until = System.nanoTime() + 10_000_000_000L;
    while (!Files.readString(Path.of("/proc", Long.toString(pid), "stat")).contains(") Z")
        && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
        .as("Java counts the zombie alive")
        .contains(true);
    assertThat(running.isAbandoned()).isTrue();
    parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }
}
