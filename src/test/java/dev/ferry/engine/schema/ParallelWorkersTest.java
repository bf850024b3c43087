package dev.ferry.engine.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.connect.ConnectionSpec;
import org.junit.jupiter.api.Test;

/**
 * Index builds and foreign-key validations go without PostgreSQL's parallel workers only when the
 * run's own sessions already keep every core of the server busy: a server on this machine, as many
 * jobs as cores.
 */
class ParallelWorkersTest {
  @Test
  void onlyAServerOnThisMachineIsKnownToBeOnThisMachine() {
    assertThat(ConnectionSpec.onThisMachine("jdbc:postgresql://127.0.0.1:5432/db?user=x")).isTrue();
    assertThat(ConnectionSpec.onThisMachine("jdbc:postgresql://localhost/db")).isTrue();
    assertThat(ConnectionSpec.onThisMachine("jdbc:postgresql://[::1]:5433/db")).isTrue();
    assertThat(ConnectionSpec.onThisMachine("jdbc:postgresql://db.example.com:5432/db")).isFalse();
    assertThat(ConnectionSpec.onThisMachine("jdbc:postgresql://10.0.0.7/db")).isFalse();
    assertThat(ConnectionSpec.onThisMachine("jdbc:postgresql:///db")).as("no host said").isFalse();
    assertThat(ConnectionSpec.onThisMachine(null)).isFalse();
  }

  @Test
  void workersAreLeftToTheServerUnlessTheRunFillsItsCores() {
    String local = "jdbc:postgresql://127.0.0.1:5432/db";
    assertThat(ConstraintsPhase.fillsTheServer(2, local, 2)).isTrue();
    assertThat(ConstraintsPhase.fillsTheServer(8, local, 4)).isTrue();
    assertThat(ConstraintsPhase.fillsTheServer(4, local, 16)).as("cores to spare").isFalse();
    assertThat(ConstraintsPhase.fillsTheServer(8, "jdbc:postgresql://db.example.com/db", 2))
        .as("a server elsewhere: its cores are not known")
        .isFalse();
  }
}
