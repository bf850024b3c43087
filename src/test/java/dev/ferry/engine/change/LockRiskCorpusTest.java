package dev.ferry.engine.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.TestDatabases;
import dev.ferry.engine.change.StatementRisk.Impact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock-risk corpus (src/test/resources/risk-corpus/corpus.sql, also run through squawk by
 * scripts/risk-vs-squawk.sh): every risky statement MEDIUM or higher, every breaking one flagged
 * breaking, data loss CRITICAL, a statement that fails in production a BLOCKER, and every safe one
 * LOW — rated from what PostgreSQL did on a schema-only copy and the target's rows.
 */
class LockRiskCorpusTest {
  @TempDir Path dir;

  /** One statement of the corpus and what a DBA should be told about it. */
  record Case(String expected, String statement) {}

  static List<Case> corpus() throws Exception {
    List<Case> cases = new ArrayList<>();
    String expected = null;
    StringBuilder sql = new StringBuilder();
    for (String line : Files.readAllLines(Path.of("src/test/resources/risk-corpus/corpus.sql"))) {
      if (line.matches("-- (safe|risky|breaking|critical|blocker)")) {
        expected = line.substring(3);
      } else if (expected != null && !line.startsWith("--")) {
        sql.append(line).append('\n');
        if (line.strip().endsWith(";")) {
          cases.add(new Case(expected, sql.toString().strip()));
          expected = null;
          sql.setLength(0);
        }
      }
    }
    return cases;
  }

  /** The production side (setup.sql): tables with rows, so locks and rewrites cost something. */
  static void setUp(Statement st) throws Exception {
    st.execute(Files.readString(Path.of("src/test/resources/risk-corpus/setup.sql")));
    // this session's writes reach the statistics now, not at its next idle moment (PostgreSQL 15+)
    st.execute("SELECT pg_stat_force_next_flush()");
  }

  @Test
  void everyRiskyStatementIsFlaggedAndNoSafeOne() throws Exception {
    List<Case> cases = corpus();
    assertThat(cases).hasSize(34);
    Path m = Files.createDirectories(dir.resolve("migrations"));
    for (int i = 0; i < cases.size(); i++) {
      Files.writeString(
          m.resolve("V" + (i + 1) + "__" + cases.get(i).expected() + ".sql"),
          cases.get(i).statement() + "\n");
    }
    try (TestDatabases.Scratch pg = TestDatabases.postgres();
        Connection c = pg.connect();
        Statement st = c.createStatement()) {
      setUp(st);
      List<StatementRisk> risks = new SchemaChanges(pg.spec(), m, "public").risk(null);
      assertThat(risks).hasSize(cases.size());
      SoftAssertions soft = new SoftAssertions();
      for (int i = 0; i < cases.size(); i++) {
        Case k = cases.get(i);
        StatementRisk r = risks.get(i);
        String as = k.expected() + ": " + k.statement() + " → " + r;
        switch (k.expected()) {
          case "safe" -> {
            soft.assertThat(r.impact()).as(as).isEqualTo(Impact.LOW);
            soft.assertThat(r.breaking()).as(as).isNull();
          }
          case "risky" -> soft.assertThat(r.impact()).as(as).isGreaterThanOrEqualTo(Impact.MEDIUM);
          case "breaking" -> soft.assertThat(r.breaking()).as(as).isNotNull();
          case "critical" -> soft.assertThat(r.impact()).as(as).isEqualTo(Impact.CRITICAL);
          case "blocker" -> soft.assertThat(r.impact()).as(as).isEqualTo(Impact.BLOCKER);
          default -> throw new AssertionError(k.expected());
        }
      }
      soft.assertAll();
      // the traffic that would queue: the table's write rate over the time under the lock
      assertThat(risks.get(9).work())
          .as(risks.get(9).statement())
          .containsPattern(
              "writes/s on it on average since its statistics began: about [0-9,]+ would wait");
      // a renamed table's lock is on the table the application knows, with its rows
      StatementRisk rename =
          risks.stream().filter(r -> r.statement().contains("RENAME TO clients")).findFirst().get();
      assertThat(rename.table()).isEqualTo("customers");
      assertThat(rename.tableBytes()).isPositive();
      assertThat(rename.breaking()).startsWith("renames table customers to clients");
      // the batched-backfill advice comes from the planner's count, not from the text
      StatementRisk delete =
          risks.stream().filter(r -> r.statement().startsWith("DELETE")).findFirst().get();
      assertThat(delete.work())
          .containsPattern("touches about (19|20),\\d\\d\\d rows by the target's plan of 30,000");
      assertThat(delete.advice()).startsWith("backfill in batches");
      // a column an earlier statement adds cannot be planned on the target yet: the upper bound
      StatementRisk update =
          risks.stream().filter(r -> r.statement().contains("WHERE id > 1000")).findFirst().get();
      assertThat(update.work()).contains("counted as every row");
    }
  }

  @Test
  void statementsThatActOnTheWholeServerAreNeverRunByTheRehearsal() throws Exception {
    Path m = Files.createDirectories(dir.resolve("server-wide"));
    String role = "ferry_rehearsal_" + Long.toHexString(System.nanoTime());
    Files.writeString(m.resolve("V1__role.sql"), "CREATE ROLE " + role + ";\n");
    Files.writeString(m.resolve("V2__grant.sql"), "GRANT " + role + " TO postgres;\n");
    Files.writeString(m.resolve("V3__db.sql"), "CREATE DATABASE " + role + ";\n");
    try (TestDatabases.Scratch pg = TestDatabases.postgres();
        Connection c = pg.connect();
        Statement st = c.createStatement()) {
      setUp(st);
      List<StatementRisk> risks = new SchemaChanges(pg.spec(), m, "public").risk(null);
      assertThat(risks)
          .hasSize(3)
          .allMatch(r -> r.work().contains("not rehearsed: it acts on the whole server"));
      assertThat(pg.column("SELECT rolname FROM pg_roles WHERE rolname = '" + role + "'"))
          .isEmpty();
      assertThat(pg.column("SELECT datname FROM pg_database WHERE datname = '" + role + "'"))
          .isEmpty();
    }
  }

  @Test
  void theDbaSetsHowLongAWriteBlockingLockMayBeHeld() throws Exception {
    Path m = Files.createDirectories(dir.resolve("thresholds"));
    Files.writeString(
        m.resolve("V1__index.sql"), "CREATE INDEX orders_status_idx ON orders (status);\n");
    Files.writeString(
        m.resolve("V2__one_row.sql"), "UPDATE orders SET status = 'x' WHERE id = 7;\n");
    try (TestDatabases.Scratch pg = TestDatabases.postgres();
        Connection c = pg.connect();
        Statement st = c.createStatement()) {
      setUp(st);
      // any lock that blocks writes while the table is read is HIGH here (highAfter: 0s)
      Files.writeString(m.resolve("ferry-change.yaml"), "risk:\n  highAfter: 0s\n");
      List<StatementRisk> strict = new SchemaChanges(pg.spec(), m, "public").risk(null);
      assertThat(strict.get(0).impact()).isEqualTo(Impact.HIGH);
      assertThat(strict.get(1).impact()).isEqualTo(Impact.LOW); // one row, by the plan
      // a busy team's threshold: a 30,000-row index build (well under a minute) stays LOW
      Files.writeString(
          m.resolve("ferry-change.yaml"), "risk:\n  mediumAfter: 60s\n  highAfter: 10m0\n");
      assertThatThrownBy(() -> new SchemaChanges(pg.spec(), m, "public").risk(null))
          .hasMessageContaining("durations such as 2s or 500ms, not '10m0'");
      Files.writeString(
          m.resolve("ferry-change.yaml"), "risk:\n  mediumAfter: 60s\n  highAfter: 600s\n");
      assertThat(new SchemaChanges(pg.spec(), m, "public").risk(null).get(0).impact())
          .isEqualTo(Impact.LOW);
    }
  }
}
