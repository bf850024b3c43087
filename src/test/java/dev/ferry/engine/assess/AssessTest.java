package dev.ferry.engine.assess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.SqliteFixture;
import dev.ferry.TestDatabases;
import dev.ferry.cli.FerryCli;
import dev.ferry.engine.Ferry;
import dev.ferry.engine.PostgresMigrationTest;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.demo.DemoData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pre-checks on fixtures mirroring seed 004 (five SQLite files) and seed 001 (21 PostgreSQL
 * tables).
 */
class AssessTest {
  @TempDir Path dir;

  private List<Path> seed004WithProblems() throws Exception {
    List<Path> files = DemoData.generate(dir.resolve("src"), 1);
    SqliteFixture.create(
        files.get(4), // alerts.db
        "INSERT INTO alerts VALUES (9001, 99, 1, 'critical', 'rule 99 does not exist', 'f', '2024-05-01 10:00:00')",
        "INSERT INTO alerts VALUES (9002, 98, 1, 'info', 'nor does 98', 't', '2024-05-01 10:00:00')",
        "INSERT INTO notification_channels VALUES (4, 'sms', CAST(x'2b3400313233' AS TEXT), 1)",
        "INSERT INTO notification_channels VALUES (5, CAST(x'6dff' AS TEXT), 'x', 1)");
    SqliteFixture.create(
        files.get(0), // mingus.db
        "UPDATE daily_cashflow SET opening_balance = 'n/a' WHERE id IN (5, 6, 7)",
        "UPDATE users SET created_at = '03/01/2024' WHERE id = 3");
    SqliteFixture.create(
        files.get(2), // cache.db: SQLite lets a TEXT primary key hold NULL
        "INSERT INTO cache_entries VALUES (NULL, x'00', 0, 0)");
    return files;
  }

  @Test
  void seed004FindingsCollisionsOrphansDatesAndNulBytes() throws Exception {
    List<Path> files = seed004WithProblems();
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      try (Connection c = pg.connect();
          Statement st = c.createStatement()) {
        st.execute("CREATE TABLE public.users (id int)");
      }
      Ferry.Builder b = Ferry.configure().target(pg.spec()).workspace(dir.resolve("ws"));
      files.forEach(f -> b.source(ConnectionSpec.sqlite(f)));
      Assessment a = b.load().assess();
      Map<String, List<Finding>> byId =
          a.findings().stream().collect(Collectors.groupingBy(Finding::id));
      assertThat(byId.get("name-collision"))
          .extracting(Finding::object)
          .containsExactlyInAnyOrder(
              "business_intelligence:analytics_events",
              "cache:system_settings",
              "performance_metrics:performance_metrics");
      // the target runs on this machine: its free disk space is measured when its data
      // directory is visible (as root here), else the need is stated
      assertThat(byId.get("target-free-space"))
          .singleElement()
          .satisfies(
              f ->
                  assertThat(f.message())
                      .containsPattern("(MB free on the disk of /|not measured)")
                      .contains("the load needs about"));
      assertThat(byId.get("orphan-rows"))
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.object()).isEqualTo("alerts:alerts(rule_id)");
                assertThat(f.message()).startsWith("2 rows reference a alert_rules row");
                assertThat(f.severity()).isEqualTo(Severity.WARNING);
              });
      assertThat(byId.get("invalid-utf8"))
          .singleElement()
          .satisfies(f -> assertThat(f.object()).isEqualTo("alerts:notification_channels.kind"));
      assertThat(byId.get("nul-bytes"))
          .singleElement()
          .satisfies(f -> assertThat(f.object()).isEqualTo("alerts:notification_channels.target"));
      assertThat(byId.get("text-in-number"))
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.object()).isEqualTo("mingus:daily_cashflow.opening_balance");
                assertThat(f.message()).startsWith("3 values");
              });
      assertThat(byId.get("not-iso-date"))
          .singleElement()
          .satisfies(f -> assertThat(f.object()).isEqualTo("mingus:users.created_at"));
      assertThat(byId.get("mixed-date-formats"))
          .extracting(Finding::object)
          .contains("mingus:analytics_events.created_at");
      assertThat(byId.get("null-in-key"))
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.severity()).isEqualTo(Severity.BLOCKER);
                assertThat(f.object()).isEqualTo("cache:cache_entries(cache_key)");
              });
      assertThat(byId.get("target-tables-exist"))
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.severity()).isEqualTo(Severity.BLOCKER);
                assertThat(f.message()).contains("users");
              });
      assertThat(byId.get("float-money"))
          .extracting(Finding::object)
          .contains("mingus:subscriptions.monthly_price");
      assertThat(a.blockers()).isEqualTo(2);
      ColumnStats email =
          a.columns().stream()
              .filter(c -> c.table().equals("mingus:users") && c.column().equals("email"))
              .findFirst()
              .orElseThrow();
      assertThat(email.wholeTable()).isTrue();
      assertThat(email.sampledRows()).isEqualTo(250);
      assertThat(email.nullFraction()).isZero();
      assertThat(email.distinct()).isEqualTo(250);
      assertThat(email.maxLength()).isGreaterThan(15);
      ColumnStats updated =
          a.columns().stream()
              .filter(c -> c.table().equals("mingus:users") && c.column().equals("updated_at"))
              .findFirst()
              .orElseThrow();
      assertThat(updated.nullFraction()).isBetween(0.3, 0.7);
      ColumnStats tier =
          a.columns().stream()
              .filter(c -> c.table().equals("mingus:subscriptions") && c.column().equals("tier"))
              .findFirst()
              .orElseThrow();
      assertThat(tier.distinct()).isEqualTo(3);
      Estimate e = a.estimate();
      assertThat(e.sampledTable()).isEqualTo("cache:cache_entries");
      assertThat(e.sampleRows()).isEqualTo(3001); // 3000 generated + the NULL-key row
      assertThat(e.readRowsPerSecond()).isPositive();
      assertThat(e.writeRowsPerSecond()).isPositive();
      assertThat(e.dataSeconds()).isPositive();
      assertThat(e.downtimeSeconds()).isGreaterThan(e.dataSeconds());
      assertThat(tier.min()).isEqualTo("budget");
      assertThat(tier.max()).isEqualTo("professional");
      assertThat(a.totals().sources()).isEqualTo(5);
      assertThat(a.totals().tables()).isEqualTo(20);
      assertThat(a.findings()).allSatisfy(f -> assertThat(f.message()).isNotBlank());
    }
  }

  @Test
  void assessJsonListsFindingsAndTablesWithLevelsAndExitsSixOnBlockers() throws Exception {
    try (TestDatabases.Scratch source = TestDatabases.postgres()) {
      try (Connection c = source.connect();
          Statement st = c.createStatement()) {
        st.execute("CREATE SCHEMA cdp");
        st.execute("SET search_path = cdp");
        for (String sql : PostgresMigrationTest.SEED_001) {
          st.execute(sql);
        }
      }
      List<String> args =
          new ArrayList<>(
              List.of("assess", "--source", source.url(), "--source-schema", "cdp", "--json"));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrintStream old = System.out;
      int code;
      try {
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        code = FerryCli.run(args.toArray(String[]::new));
      } finally {
        System.setOut(old);
      }
      assertThat(code).isZero();
      JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
      assertThat(json.get("tables")).hasSize(21);
      Map<String, Integer> levels = new TreeMap<>();
      json.get("tables").forEach(t -> levels.put(t.get("table").asText(), t.get("level").asInt()));
      assertThat(levels)
          .containsEntry("users", 0)
          .containsEntry("permissions", 0)
          .containsEntry("team", 1)
          .containsEntry("role_permissions", 2)
          .containsEntry("campaigns", 3)
          .containsEntry("campaign_jobs", 4);
      assertThat(levels.values().stream().distinct().sorted().toList())
          .containsExactly(0, 1, 2, 3, 4);
      json.get("findings")
          .forEach(
              f ->
                  assertThat(f.fieldNames())
                      .toIterable()
                      .contains("id", "severity", "object", "message", "remedy"));
      assertThat(json.get("findings").findValuesAsText("id"))
          .contains("fk-self-reference", "fk-levels", "inventory", "source-snapshot");
    }
    List<Path> files = seed004WithProblems();
    List<String> args = new ArrayList<>(List.of("assess", "--json"));
    files.forEach(f -> args.addAll(List.of("--source", "jdbc:sqlite:" + f)));
    PrintStream old = System.out;
    try {
      System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      assertThat(FerryCli.run(args.toArray(String[]::new))).isEqualTo(6);
    } finally {
      System.setOut(old);
    }
  }
}
