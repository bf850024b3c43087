package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ScratchDatabases;
import dev.ferry.SqliteFixture;
import dev.ferry.TestDatabases;
import dev.ferry.engine.assess.Finding;
import dev.ferry.engine.assess.Severity;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.LedgerEntry;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.ObjectState;
import dev.ferry.engine.core.RefusedException;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.core.TableValidation;
import dev.ferry.engine.core.Waiver;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.Settings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hand-made SQLite file collecting the oddities of declared types, defaults and views that
 * real-world SQLite files carry, migrated to the real PostgreSQL with every object accounted for.
 */
class SqliteOdditiesTest {
  @TempDir Path dir;
  @RegisterExtension final ScratchDatabases databases = new ScratchDatabases();

  private static final List<String> TABLES = List.of("odd_types", "odd_defaults");
  private static final List<String> VIEWS =
      List.of("v_if", "v_concat", "v_dates", "v_backticks", "v_flags", "v_groups");

  private Path oddities() throws SQLException {
    return SqliteFixture.create(
        dir.resolve("oddities.db"),
        // 1-13: declared types SQLite accepts but nobody declares on purpose
        "CREATE TABLE odd_types (id INTEGER PRIMARY KEY, a VARCHR(20), b INTEGR,"
            + " c UNSIGNED BIG INT, d DOUBLE PRECISION, e VARYING CHARACTER(255),"
            + " f NATIVE CHARACTER(70), g \"TEXT\", h INT UNSIGNED, i INTEGER AUTO_INCREMENT,"
            + " j TINYINT(1), k, l STRING, m DATETIME2, n LONGBLOB)",
        "INSERT INTO odd_types VALUES (1, 'abc', 2, 18446744, 0.5, 'vary', 'native', 'quoted',"
            + " 11, 7, 1, 42, 'string', NULL, x'0102')",
        "INSERT INTO odd_types VALUES (2, 'abd', 1, 0, -1.25, NULL, NULL, NULL, 0, 8, 0, -3,"
            + " 'more', NULL, NULL)",
        // 14-26: defaults in every spelling
        "CREATE TABLE odd_defaults (id INTEGER PRIMARY KEY, s TEXT DEFAULT \"hello\", t TEXT"
            + " DEFAULT ('x'), u DATETIME DEFAULT (datetime('now','localtime')), v INTEGER DEFAULT"
            + " (strftime('%s','now')), w TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%S','now')), x"
            + " DATE DEFAULT (date('now')), y TIME DEFAULT CURRENT_TIME, z TEXT DEFAULT"
            + " CURRENT_DATE, flag BOOLEAN DEFAULT 'true', flag2 BOOLEAN DEFAULT 0, nul INTEGER"
            + " DEFAULT 'NULL', neg INTEGER DEFAULT -1, negr REAL DEFAULT (-1.5), numtext TEXT"
            + " DEFAULT 42, bin BLOB DEFAULT X'00FF', soon DATETIME DEFAULT 'soon', dn TEXT DEFAULT"
            + " NULL)",
        // the rows hold what the application wrote, not the defaults PostgreSQL cannot hold
        "INSERT INTO odd_defaults (id, nul, soon) VALUES (1, NULL, NULL)",
        "INSERT INTO odd_defaults (id, flag, u, x, nul, soon)"
            + " VALUES (2, 0, '2000-01-01 00:00:00', '2000-01-01', 5, '2024-01-01 10:00:00')",
        // 27-33: views using each translated construct, and one that cannot be translated
        "CREATE VIEW v_if AS SELECT id, iif(b > 1, 'big', 'small') AS size,"
            + " IF(j = 1, 'one', 'other') AS flag FROM odd_types",
        "CREATE VIEW v_concat AS SELECT id, concat(a, '-', g) AS c1, concat_ws('/', a, l) AS c2,"
            + " a || '+' || l AS c3 FROM odd_types",
        "CREATE VIEW v_dates AS SELECT id, strftime('%Y', u) AS year FROM odd_defaults"
            + " WHERE u <= datetime('now', '+1 day') AND x <= date('now')",
        "CREATE VIEW `v_backticks` AS SELECT `id`, `b` AS `Bee` FROM `odd_types` ORDER BY `Bee`",
        "CREATE VIEW v_flags AS SELECT id FROM odd_defaults WHERE flag = 1",
        "CREATE VIEW v_groups AS SELECT group_concat(ifnull(g, '?'), ';') AS gs FROM odd_types"
            + " LIMIT 0, 5",
        "CREATE VIEW v_glob AS SELECT id FROM odd_types WHERE a GLOB 'ab*'");
  }

  @Test
  void aHandMadeSqliteFileOfTwentyOdditiesMigratesWithEveryObjectAccounted() throws Exception {
    TestDatabases.Scratch pg = databases.postgres();
    Settings.Builder settings = Settings.defaults().toBuilder();
    settings.jobs = 2;
    Ferry ferry =
        Ferry.configure()
            .target(pg.spec())
            .workspace(dir.resolve("ws"))
            .settings(settings.build())
            .source(ConnectionSpec.sqlite(oddities()))
            .load();

    // the assessment says which defaults are dropped and that one view cannot be created
    List<Finding> findings = ferry.assess().findings();
    assertThat(findings)
        .filteredOn(f -> f.id().equals("default-dropped"))
        .extracting(Finding::object, Finding::severity)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("oddities:odd_defaults.nul", Severity.WARNING),
            org.assertj.core.groups.Tuple.tuple("oddities:odd_defaults.soon", Severity.WARNING));
    assertThat(findings)
        .filteredOn(f -> f.severity() == Severity.BLOCKER)
        .extracting(Finding::object)
        .containsExactly("view v_glob");

    MigrationPlan plan = ferry.plan();
    assertThatThrownBy(() -> ferry.migrate(plan, MigrationListener.NONE, new AtomicBoolean()))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("view v_glob");
    MigrationResult r =
        ferry.migrate(
            plan.withWaivers(
                List.of(new Waiver("schema-rehearsal", "view v_glob", "GLOB has no twin", "t"))),
            MigrationListener.NONE,
            new AtomicBoolean());

    // only the view nobody can translate failed, and the run says so
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.OBJECTS_FAILED);
    // the view that cannot be translated is a finding with its original SQL and the reason
    assertThat(findings)
        .filteredOn(f -> f.object().equals("view v_glob"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.message())
                    .contains("cannot be parsed")
                    .contains("SELECT id FROM odd_types WHERE a GLOB 'ab*'"));
    assertThat(r.failedObjects())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.object()).startsWith("view v_glob (from oddities; not translated");
              assertThat(e.detail()).contains("GLOB");
            });
    assertThat(r.validation().tables()).extracting(TableValidation::status).containsOnly("MATCH");

    // every table and view has its ledger entry, and all but v_glob were created
    Map<String, ObjectState> ledger = new LinkedHashMap<>();
    for (LedgerEntry e : r.ledger()) {
      ledger.put(e.object().replaceFirst("\\s*\\(.*$", ""), e.state());
    }
    for (String t : TABLES) {
      assertThat(ledger).containsEntry("table " + t, ObjectState.CREATED);
      assertThat(pg.column("SELECT count(*) FROM public." + t)).containsExactly("2");
    }
    for (String v : VIEWS) {
      assertThat(ledger).containsEntry("view " + v, ObjectState.CREATED);
      assertThat(pg.column("SELECT count(*) >= 0 FROM public." + v)).containsExactly("t");
    }
    assertThat(ledger).containsEntry("view v_glob", ObjectState.FAILED);
    assertThat(ledger.entrySet()).filteredOn(e -> e.getValue() == ObjectState.FAILED).hasSize(1);
    // a column changed on the way says how: type before → after, default before → after
    assertThat(r.ledger())
        .filteredOn(e -> e.object().equals("column odd_types.b"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.state()).isEqualTo(ObjectState.TRANSLATED);
              assertThat(e.detail()).startsWith("type INTEGR → bigint");
            });
    assertThat(r.ledger())
        .filteredOn(e -> e.object().equals("column odd_defaults.s"))
        .singleElement()
        .satisfies(e -> assertThat(e.detail()).contains("default \"hello\" → 'hello'"));

    // declared types by SQLite's affinity rules
    Map<String, String> types = new LinkedHashMap<>();
    for (String t : TABLES) {
      try (Connection c = pg.connect();
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                      + " WHERE attrelid = 'public."
                      + t
                      + "'::regclass AND attnum > 0")) {
        while (rs.next()) {
          types.put(t + "." + rs.getString(1), rs.getString(2));
        }
      }
    }
    assertThat(types)
        .containsEntry("odd_types.a", "text")
        .containsEntry("odd_types.b", "bigint")
        .containsEntry("odd_types.c", "bigint")
        .containsEntry("odd_types.d", "double precision")
        .containsEntry("odd_types.e", "character varying(255)")
        .containsEntry("odd_types.f", "character varying(70)")
        .containsEntry("odd_types.g", "text")
        .containsEntry("odd_types.h", "bigint")
        .containsEntry("odd_types.i", "bigint")
        .containsEntry("odd_types.j", "bigint")
        .containsEntry("odd_types.k", "bigint")
        .containsEntry("odd_types.l", "text")
        .containsEntry("odd_types.m", "numeric")
        .containsEntry("odd_types.n", "bytea")
        .containsEntry("odd_defaults.u", "timestamp with time zone")
        .containsEntry("odd_defaults.v", "bigint")
        .containsEntry("odd_defaults.x", "date")
        .containsEntry("odd_defaults.y", "time without time zone")
        .containsEntry("odd_defaults.flag", "boolean")
        .containsEntry("odd_defaults.negr", "double precision")
        .containsEntry("odd_defaults.bin", "bytea");
    assertThat(pg.row("SELECT a, c, d, n FROM odd_types WHERE id = 1"))
        .containsEntry("a", "abc")
        .containsEntry("c", "18446744")
        .containsEntry("d", "0.5")
        .containsEntry("n", "\\x0102");

    // each default as SQLite would have filled it, or none where it was dropped with a warning; the
    // row is inserted at UTC+14, where local time and SQLite's UTC 'now' differ
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      st.execute("SET TimeZone = 'Pacific/Kiritimati'");
      st.execute("INSERT INTO odd_defaults DEFAULT VALUES");
    }
    Map<String, String> row =
        pg.row(
            "SELECT id, s, t, abs(extract(epoch FROM u - ((now() AT TIME ZONE 'Pacific/Kiritimati')"
                + " AT TIME ZONE 'UTC'))) < 120 AS u_local, abs(v - extract(epoch FROM now())) <"
                + " 120 AS v_epoch, w ~ '^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$' AS w_text, x"
                + " = (now() AT TIME ZONE 'UTC')::date AS x_utc, y IS NOT NULL AS y_set, z ="
                + " to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS z_utc, flag, flag2, nul,"
                + " neg, negr, numtext, bin, soon, dn FROM odd_defaults WHERE id = 3");
    assertThat(row)
        .containsEntry("id", "3")
        .containsEntry("s", "hello")
        .containsEntry("t", "x")
        .containsEntry("v_epoch", "t")
        .containsEntry("w_text", "t")
        .containsEntry("x_utc", "t")
        .containsEntry("y_set", "t")
        .containsEntry("z_utc", "t")
        .containsEntry("flag", "t")
        .containsEntry("flag2", "f")
        .containsEntry("nul", null)
        .containsEntry("neg", "-1")
        .containsEntry("negr", "-1.5")
        .containsEntry("numtext", "42")
        .containsEntry("bin", "\\x00ff")
        .containsEntry("soon", null)
        .containsEntry("dn", null);
    assertThat(row.get("u_local")).isEqualTo("t");
    assertThat(r.warnings())
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith("default of odd_defaults.nul dropped: 'NULL'")
                    .contains("not NULL"))
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith("default of odd_defaults.soon dropped: 'soon'")
                    .contains("not an ISO-8601"));

    // the views read as they did in SQLite
    assertThat(pg.column("SELECT size || ' ' || flag FROM v_if ORDER BY id"))
        .containsExactly("big one", "small other");
    assertThat(
            pg.column(
                "SELECT c1 || ' ' || c2 || ' ' || coalesce(c3, '-') FROM v_concat ORDER BY id"))
        .containsExactly("abc-quoted abc/string abc+string", "abd- abd/more abd+more");
    assertThat(pg.column("SELECT year FROM v_dates ORDER BY id")).hasSize(3).contains("2000");
    assertThat(pg.column("SELECT id || ':' || bee FROM v_backticks")).containsExactly("2:1", "1:2");
    assertThat(pg.column("SELECT string_agg(id::text, ',' ORDER BY id) FROM v_flags"))
        .containsExactly("1,3");
    assertThat(pg.column("SELECT gs FROM v_groups")).singleElement().asString().contains("quoted");
  }
}
