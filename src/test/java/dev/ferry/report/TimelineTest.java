package dev.ferry.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.SqliteFixture;
import dev.ferry.TestDatabases;
import dev.ferry.engine.Ferry;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.core.Waiver;
import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.MigrationEvent.Span;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.event.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's timeline: each table's creation, load and keys/indexes with their times, kept in the
 * journal (so a past run draws it too), sent live as events, and drawn in the report.
 */
class TimelineTest {
  @TempDir Path dir;

  @Test
  void eachTableHasItsCreationLoadAndKeysInOrderAndAFailedViewIsMarked() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("shop.db"),
            "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)",
            "CREATE TABLE orders (id INTEGER PRIMARY KEY,"
                + " customer_id INTEGER REFERENCES customers(id), total REAL)",
            "CREATE INDEX orders_customer ON orders (customer_id)",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
                + " INSERT INTO customers SELECT i, 'c' || i FROM n",
            "INSERT INTO orders SELECT id, id, id * 1.5 FROM customers",
            "CREATE VIEW c_names AS SELECT id FROM customers WHERE name GLOB 'c1*'");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      Ferry ferry =
          Ferry.configure()
              .source(ConnectionSpec.sqlite(db))
              .target(pg.spec())
              .workspace(dir.resolve("ws"))
              .load();
      var plan =
          ferry
              .plan()
              .withWaivers(List.of(new Waiver("schema-rehearsal", "view c_names", "later", "dba")));
      List<Span> live = new ArrayList<>();
      MigrationListener listener =
          e -> {
            if (e instanceof MigrationEvent.Span s) {
              synchronized (live) {
                live.add(s);
              }
            }
          };
      MigrationResult r = ferry.migrate(plan, listener, new AtomicBoolean());
      assertThat(r.status()).isEqualTo(RunStatus.OBJECTS_FAILED);

      List<Span> spans = ferry.timeline(r.runId());
      assertThat(spans).hasSameSizeAs(live);
      assertThat(spans).allSatisfy(s -> assertThat(s.finished()).isAfterOrEqualTo(s.started()));
      for (String table : List.of("customers", "orders")) {
        Span created = only(spans, table, "TABLE");
        Span load = only(spans, table, Span.LOAD);
        Span key = only(spans, table, "PRIMARY_KEY");
        assertThat(created.phase()).isEqualTo(Phase.SCHEMA);
        assertThat(load.phase()).isEqualTo(Phase.DATA);
        assertThat(load.started()).isAfterOrEqualTo(created.finished());
        // keys are built after the load (constraints after load, the default)
        assertThat(key.started()).isAfterOrEqualTo(load.finished());
        assertThat(List.of(created, load, key)).allMatch(Span::ok);
        // each table this run made is vacuumed and analyzed after its keys, drawn in its colour
        Span vacuum = only(spans, table, "VACUUM");
        assertThat(vacuum.started()).isAfterOrEqualTo(key.finished());
        assertThat(vacuum.ok()).isTrue();
        assertThat(TimelineChart.kind(vacuum)).isEqualTo(3);
      }
      assertThat(only(spans, "orders", "INDEX").what()).contains("orders_customer");
      assertThat(only(spans, "orders", "FOREIGN_KEY").ok()).isTrue();
      Span view =
          spans.stream().filter(s -> s.what().contains("c_names")).findFirst().orElseThrow();
      assertThat(view.ok()).isFalse();
      assertThat(TimelineChart.describe(view)).endsWith("(FAILED)");
      assertThat(TimelineChart.rows(spans)).containsExactly("customers", "orders", "(schema-wide)");

      RunReport report = RunReports.forRun(dir.resolve("ws"), r.runId(), null, pg.spec());
      assertThat(report.timeline()).isEqualTo(spans);
      String html = Files.readString(ReportWriter.write(report, dir.resolve("out")).html());
      assertThat(html).contains("<h2>Timeline</h2>").contains("<img alt=\"Timeline\"");
      // page 1 names the source, the target, who ran it and when
      String who = System.getProperty("user.name") + "@";
      assertThat(report.provenance().startedBy()).startsWith(who);
      assertThat(report.provenance().sources()).singleElement().asString().contains("shop.db");
      assertThat(html)
          .contains("<tr><th>Source</th><td>")
          .contains("shop.db")
          .contains("<tr><th>Target</th><td>" + ReportWriter.esc(pg.spec().url()))
          .contains("<tr><th>Run by</th><td>" + who)
          .contains("<tr><th>When</th><td>" + report.provenance().startedAt() + " to ");
      assertThat(html.indexOf("<tr><th>Source</th>")).isLessThan(html.indexOf("<h2>Phases</h2>"));
      // without a recorded timeline the section is left out, not drawn empty
      String bare =
          Files.readString(
              ReportWriter.write(
                      new RunReport(r, null, java.util.Map.of(), List.of(), Instant.now()),
                      dir.resolve("bare"))
                  .html());
      assertThat(bare).doesNotContain("<h2>Timeline</h2>");
    }
  }

  @Test
  void aLargeRunDrawsTheTablesThatTookLongest() {
    List<Span> spans = new ArrayList<>();
    Instant t0 = Instant.parse("2026-12-03T10:00:00Z");
    for (int i = 0; i < TimelineChart.MAX_TABLES + 20; i++) {
      spans.add(
          new Span(
              Phase.DATA,
              "t" + i,
              Span.LOAD,
              "load",
              t0.plusSeconds(i),
              t0.plusSeconds(i).plusMillis(10L * i),
              true));
    }
    List<String> rows = TimelineChart.rows(spans);
    assertThat(rows).hasSize(TimelineChart.MAX_TABLES).doesNotContain("t0", "t19").contains("t79");
    assertThat(rows.get(0)).isEqualTo("t20"); // still in the order their work began
    assertThat(TimelineChart.create(spans).getTitle().getText())
        .isEqualTo("Timeline: the 60 longest of 80 tables");
  }

  private static Span only(List<Span> spans, String table, String kind) {
    List<Span> found =
        spans.stream().filter(s -> table.equals(s.table()) && kind.equals(s.kind())).toList();
    assertThat(found).as(table + " " + kind).hasSize(1);
    return found.get(0);
  }
}
