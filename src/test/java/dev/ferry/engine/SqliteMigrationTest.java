package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.ScratchDatabases;
import dev.ferry.SqliteFixture;
import dev.ferry.TestDatabases;
import dev.ferry.engine.assess.Finding;
import dev.ferry.engine.assess.Severity;
import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.catalog.ForeignKeyLevels;
import dev.ferry.engine.catalog.TableId;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.LedgerEntry;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.ObjectState;
import dev.ferry.engine.core.RefusedException;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.core.TableValidation;
import dev.ferry.engine.core.Waiver;
import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.event.Phase;
import dev.ferry.engine.plan.IfExists;
import dev.ferry.engine.plan.LoadOrder;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.PlanFile;
import dev.ferry.engine.plan.Settings;
import dev.ferry.engine.plan.TablePlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** SQLite → the real PostgreSQL: cast rules, identifiers, defaults, bad rows, orphans, policies. */
class SqliteMigrationTest {
  @TempDir Path dir;
  @RegisterExtension final ScratchDatabases databases = new ScratchDatabases();
  TestDatabases.Scratch pg;

  @BeforeEach
  void target() throws SQLException {
    pg = databases.postgres();
  }

  private Ferry ferry(Settings settings, Path... files) {
    Ferry.Builder b =
        Ferry.configure().target(pg.spec()).workspace(dir.resolve("ws")).settings(settings);
    for (Path f : files) {
      b.source(ConnectionSpec.sqlite(f));
    }
    return b.load();
  }

  private static Settings settings() {
    Settings.Builder b = Settings.defaults().toBuilder();
    b.jobs = 2;
    return b.build();
  }

  private MigrationResult migrate(Ferry f) throws Exception {
    return f.migrate(f.plan(), MigrationListener.NONE, new AtomicBoolean());
  }

  @Test
  void validateCountsEverySourceRowAlsoOnesThatCannotBeRead() throws Exception {
    List<String> rows = new ArrayList<>();
    rows.add("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
    for (int i = 1; i <= 100; i++) {
      rows.add("INSERT INTO notes VALUES (" + i + ", 'note " + i + "')");
    }
    rows.add("INSERT INTO notes VALUES (101, 'nul' || char(0) || 'byte')");
    Path db = SqliteFixture.create(dir.resolve("notes.db"), rows.toArray(String[]::new));
    Ferry ferry = ferry(settings(), db);
    MigrationResult r = migrate(ferry);
    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED_WITH_REJECTS);
    // validated again later: the row is in the run's reject file, so it is accounted for
    TableValidation again =
        ferry.validate(ferry.plan(), MigrationListener.NONE, new AtomicBoolean()).tables().get(0);
    assertThat(again.status()).isEqualTo("MATCH_EXCEPT_REJECTS");
    assertThat(again.sourceRows()).isEqualTo(101);
    assertThat(again.rejectedRows()).isEqualTo(1);
    // with no run to account with (another workspace), the source holds a row the target lacks
    Ferry elsewhere =
        Ferry.configure()
            .target(pg.spec())
            .workspace(dir.resolve("other-ws"))
            .settings(settings())
            .source(ConnectionSpec.sqlite(db))
            .load();
    TableValidation fresh =
        elsewhere
            .validate(elsewhere.plan(), MigrationListener.NONE, new AtomicBoolean())
            .tables()
            .get(0);
    assertThat(fresh.status()).isEqualTo("MISMATCH");
    assertThat(fresh.sourceRows()).isEqualTo(101);
    assertThat(fresh.targetRows()).isEqualTo(100);
    assertThat(fresh.problems()).anySatisfy(p -> assertThat(p).contains("1 row cannot be read"));
  }

  @Test
  void validationCountsTheSourceItselfNotWhatTheLoadRead() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("live.db"),
            "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)",
            "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    Ferry ferry = ferry(settings(), db);
    // a row written to the source between the load and its validation
    MigrationListener writer =
        e -> {
          if (e instanceof MigrationEvent.PhaseStarted p && p.phase() == Phase.VALIDATE) {
            try {
              SqliteFixture.create(db, "INSERT INTO t VALUES (4, 'late')");
            } catch (SQLException ex) {
              throw new IllegalStateException(ex);
            }
          }
        };
    MigrationResult r = ferry.migrate(ferry.plan(), writer, new AtomicBoolean());
    assertThat(r.status()).isEqualTo(RunStatus.VALIDATION_FAILED);
    TableValidation t = r.validation().tables().get(0);
    assertThat(t.status()).isEqualTo("MISMATCH");
    assertThat(t.sourceRows()).isEqualTo(4);
    assertThat(t.problems())
        .anySatisfy(p -> assertThat(p).contains("the source holds 4 rows, the load read 3"));
  }

  @Test
  void aNumberAsTheDefaultOfADateColumnIsAnEpoch() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("epoch-default.db"),
            "CREATE TABLE events (id INTEGER PRIMARY KEY, at DATETIME DEFAULT 0,"
                + " day DATE DEFAULT '86400', name TEXT)",
            "INSERT INTO events (id, name) VALUES (1, 'x')");
    MigrationResult r = migrate(ferry(settings(), db));
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED);
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      st.execute("SET TimeZone = 'UTC'");
      st.execute("INSERT INTO events (id, name) VALUES (2, 'y')");
      try (ResultSet rs = st.executeQuery("SELECT at, day FROM events WHERE id = 2")) {
        rs.next();
        assertThat(rs.getString(1)).startsWith("1970-01-01 00:00:00");
        assertThat(rs.getString(2)).isEqualTo("1970-01-02");
      }
    }
  }

  @Test
  void aTableThePlanCannotCreateIsABlockerBeforeAnyRowMoves() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("epoch.db"),
            "CREATE TABLE events (id INTEGER PRIMARY KEY, at DATETIME)",
            "CREATE TABLE other (id INTEGER PRIMARY KEY)",
            "INSERT INTO events VALUES (1, '2024-03-01 10:00:00')",
            "INSERT INTO other VALUES (1)");
    Ferry ferry = ferry(settings(), db);
    // a column override in the plan file that PostgreSQL does not know
    MigrationPlan plan =
        PlanFile.fromYaml(
            PlanFile.toYaml(ferry.plan())
                .replaceFirst("type: \"?timestamptz\"?", "type: \"no_such_type\""));
    Finding f =
        ferry.assess(plan, false).findings().stream()
            .filter(x -> x.id().equals("schema-rehearsal"))
            .findFirst()
            .orElseThrow();
    assertThat(f.severity()).isEqualTo(Severity.BLOCKER);
    assertThat(f.object()).isEqualTo("table events");
    assertThat(f.message()).contains("no_such_type").contains("CREATE TABLE");
    assertThatThrownBy(() -> ferry.migrate(plan, MigrationListener.NONE, new AtomicBoolean()))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("table events");
    // nothing half-created
    assertThat(pg.column("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
        .containsExactly("0");
  }

  @Test
  void viewsAreRewrittenForPostgresAndAnUnreadableOneIsNamed() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("views.db"),
            "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, is_active BOOLEAN, nick TEXT)",
            "CREATE TABLE \"Order Lines\" (\"LineId\" INTEGER PRIMARY KEY, \"UserId\" INTEGER,"
                + " Amount NUMERIC(8,2))",
            "INSERT INTO users VALUES (1, 'a@x', 1, NULL), (2, 'b@x', 0, 'bee'), (3, 'c@x', 1,"
                + " 'cee')",
            "INSERT INTO \"Order Lines\" VALUES (10, 1, 5.50), (11, 1, 4.50), (12, 3, 1.00)",
            "CREATE VIEW active_users AS SELECT id, email FROM users WHERE is_active = 1",
            "CREATE VIEW [Spend] AS SELECT u.email, ifnull(u.nick, 'n/a') AS nick, sum(l.Amount) AS"
                + " total FROM users u JOIN [Order Lines] l ON l.UserId = u.id WHERE 0 <>"
                + " u.is_active GROUP BY u.email, u.nick",
            "CREATE VIEW odd AS SELECT id FROM users WHERE email GLOB 'a*'",
            "CREATE VIEW all_emails AS SELECT group_concat(email, ';') AS emails, group_concat(id)"
                + " AS ids FROM users",
            "CREATE VIEW second_user AS SELECT email FROM users ORDER BY id LIMIT 1, 1");
    Ferry ferry = ferry(settings(), db);
    // rehearsed before a row moves: the view PostgreSQL refuses is a blocker, nothing is written
    MigrationPlan plan = ferry.plan();
    assertThatThrownBy(() -> ferry.migrate(plan, MigrationListener.NONE, new AtomicBoolean()))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("[schema-rehearsal] view odd: PostgreSQL refuses view odd")
        .hasMessageContaining("GLOB");
    assertThat(pg.column("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
        .containsExactly("0");
    // waived, the run goes on without it: the data is all there, but a view is not, and the run
    // says so instead of SUCCEEDED
    MigrationResult r =
        ferry.migrate(
            plan.withWaivers(
                List.of(
                    new Waiver("schema-rehearsal", "view odd", "rewritten by hand later", "t"))),
            MigrationListener.NONE,
            new AtomicBoolean());
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.OBJECTS_FAILED);
    assertThat(r.message()).startsWith("1 object of the schema failed: view odd");
    assertThat(r.failedObjects())
        .singleElement()
        .satisfies(e -> assertThat(e.detail()).contains("GLOB"));
    assertThat(pg.row("SELECT emails, ids FROM public.all_emails"))
        .satisfies(
            row -> {
              assertThat(row.get("emails").split(";"))
                  .containsExactlyInAnyOrder("a@x", "b@x", "c@x");
              assertThat(row.get("ids").split(",")).containsExactlyInAnyOrder("1", "2", "3");
            });
    assertThat(pg.column("SELECT email FROM public.second_user")).containsExactly("b@x");
    assertThat(r.validation().ok()).isTrue();
    assertThat(pg.column("SELECT string_agg(email, ',' ORDER BY id) FROM public.active_users"))
        .containsExactly("a@x,c@x");
    assertThat(
            pg.column(
                "SELECT email || ' ' || nick || ' ' || total FROM public.spend ORDER BY email"))
        .containsExactly("a@x n/a 10.00", "c@x cee 1.00");
    assertThat(r.warnings())
        .anySatisfy(
            w ->
                assertThat(w)
                    .contains("view odd (from views; not translated: it cannot be parsed")
                    .contains("was not created"));
  }

  @Test
  void everyCastRuleGivesTheRightTypeAndValue() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("types.db"),
            "CREATE TABLE everything (id INTEGER PRIMARY KEY AUTOINCREMENT, i INT, big BIGINT, r"
                + " REAL, f FLOAT, d DOUBLE, n NUMERIC(10,2), nn NUMERIC, b BOOLEAN, dt DATETIME,"
                + " ts TIMESTAMP, ms TIMESTAMP, jd DATETIME, dd DATE, bl BLOB, j JSON, v"
                + " VARCHAR(5), v2 VARCHAR(3), t TEXT, untyped, untyped_int, tm TIME)",
            "INSERT INTO everything VALUES (1, 1, 9007199254740993, 0.1, 1e300, -2.5, '12.34', 1.5,"
                + " 1, '2024-03-01 10:20:30', 1709288430, 1709288430123, 2460370.930902778,"
                + " '2024-03-01', x'00ff10', '{\"b\": 1, \"a\": [1, 2.50]}', 'hello', 'toolong',"
                + " 'Zoë' || char(9) || 'tab' || char(10) || 'line \\ back', 'x', 5, '10:20:30')",
            "INSERT INTO everything VALUES (2, -7, -1, 3.0e-7, NULL, NULL, NULL, NULL, 't',"
                + " '2024-03-01T10:20:30.123456+02:00', '2024-03-01T08:00:00Z', NULL, NULL, NULL,"
                + " NULL, NULL, NULL, NULL, NULL, NULL, -3, NULL)",
            "INSERT INTO everything VALUES (7, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'false',"
                + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
    MigrationResult r = migrate(ferry(settings(), db));
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED);

    Map<String, String> types = new LinkedHashMap<>();
    try (Connection c = pg.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT column_name, format_type(atttypid, atttypmod) FROM"
                    + " information_schema.columns ic JOIN pg_attribute a ON a.attrelid ="
                    + " 'public.everything'::regclass AND a.attname = ic.column_name WHERE"
                    + " table_name = 'everything'")) {
      while (rs.next()) {
        types.put(rs.getString(1), rs.getString(2));
      }
    }
    assertThat(types)
        .containsEntry("id", "bigint")
        .containsEntry("i", "bigint")
        .containsEntry("big", "bigint")
        .containsEntry("r", "double precision")
        .containsEntry("f", "double precision")
        .containsEntry("d", "double precision")
        .containsEntry("n", "numeric(10,2)")
        .containsEntry("nn", "numeric")
        .containsEntry("b", "boolean")
        .containsEntry("dt", "timestamp with time zone")
        .containsEntry("ts", "timestamp with time zone")
        .containsEntry("dd", "date")
        .containsEntry("bl", "bytea")
        .containsEntry("j", "jsonb")
        .containsEntry("v", "character varying(5)")
        .containsEntry("v2", "text")
        .containsEntry("t", "text")
        .containsEntry("untyped", "text")
        .containsEntry("untyped_int", "bigint")
        .containsEntry("tm", "time without time zone");
    assertThat(
            pg.row(
                "SELECT is_identity FROM information_schema.columns WHERE table_name = 'everything'"
                    + " AND column_name = 'id'"))
        .containsEntry("is_identity", "YES");

    Map<String, String> one =
        pg.row(
            "SELECT *, r = 0.1::float8 AS r_exact, big = 9007199254740993 AS big_exact FROM"
                + " everything WHERE id = 1");
    assertThat(one)
        .containsEntry("r_exact", "t")
        .containsEntry("big_exact", "t")
        .containsEntry("f", "1e+300")
        .containsEntry("n", "12.34")
        .containsEntry("b", "t")
        .containsEntry("dt", "2024-03-01 10:20:30+00")
        .containsEntry("ts", "2024-03-01 10:20:30+00")
        .containsEntry("ms", "2024-03-01 10:20:30.123+00")
        .containsEntry("dd", "2024-03-01")
        .containsEntry("bl", "\\x00ff10")
        .containsEntry("j", "{\"a\": [1, 2.50], \"b\": 1}")
        .containsEntry("t", "Zoë\ttab\nline \\ back")
        .containsEntry("tm", "10:20:30");
    assertThat(one.get("jd")).isEqualTo("2024-03-01 10:20:30+00");
    Map<String, String> two = pg.row("SELECT * FROM everything WHERE id = 2");
    assertThat(two)
        .containsEntry("b", "t")
        .containsEntry("dt", "2024-03-01 08:20:30.123456+00")
        .containsEntry("ts", "2024-03-01 08:00:00+00")
        .containsEntry("r", "3e-07")
        .containsEntry("untyped_int", "-3");
    assertThat(pg.row("SELECT b FROM everything WHERE id = 7")).containsEntry("b", "f");

    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO everything (i) VALUES (42)");
    }
    assertThat(pg.row("SELECT max(id) AS id FROM everything")).containsEntry("id", "8");
    assertThat(r.validation().ok()).isTrue();
    assertThat(r.validation().tables()).extracting(TableValidation::status).containsOnly("MATCH");
  }

  @Test
  void identifiersWithSpacesQuotesReservedWordsAndNonAsciiMigrate() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("names.db"),
            "CREATE TABLE \"Order Items\" (\"Id\" INTEGER PRIMARY KEY, \"select\" TEXT,"
                + " \"Quote\"\"d\" INT, \"größe\" REAL, \"Mixed Case\" TEXT)",
            "CREATE INDEX \"idx größe\" ON \"Order Items\" (\"größe\", \"select\")",
            "INSERT INTO \"Order Items\" VALUES (1, 'from', 2, 1.5, 'x'), (2, 'where', 3, 2.5,"
                + " NULL)");
    MigrationResult r = migrate(ferry(settings(), db));
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(
            pg.row(
                "SELECT \"select\", \"quote\"\"d\", \"größe\", \"mixed case\" FROM \"order items\""
                    + " WHERE \"id\" = 2"))
        .containsEntry("select", "where")
        .containsEntry("quote\"d", "3")
        .containsEntry("größe", "2.5");
    assertThat(
            pg.column(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'order items' ORDER BY 1"))
        .containsExactly("idx größe", "order items_pkey");

    Settings.Builder keep = settings().toBuilder();
    keep.keepCase = true;
    try (TestDatabases.Scratch other = TestDatabases.postgres()) {
      Ferry f =
          Ferry.configure()
              .target(other.spec())
              .workspace(dir.resolve("ws2"))
              .settings(keep.build())
              .source(ConnectionSpec.sqlite(db))
              .load();
      assertThat(f.migrate(f.plan(), MigrationListener.NONE, new AtomicBoolean()).status())
          .isEqualTo(RunStatus.SUCCEEDED);
      try (Connection c = other.connect();
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery("SELECT \"Mixed Case\" FROM \"Order Items\" WHERE \"Id\" = 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("x");
      }
    }
  }

  @Test
  void defaultsAreTranslatedNotCopiedAsStrings() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("defaults.db"),
            "CREATE TABLE d (id INTEGER PRIMARY KEY, a DATETIME DEFAULT CURRENT_TIMESTAMP, b"
                + " DATETIME DEFAULT (datetime('now')), c INTEGER DEFAULT (strftime('%s','now')), e"
                + " TEXT DEFAULT 'null', f BOOLEAN DEFAULT TRUE, g BOOLEAN DEFAULT 0, h TEXT"
                + " DEFAULT 'it''s', i REAL DEFAULT (1.5), j TEXT DEFAULT (strftime('%Y-%m-%d',"
                + " 'now')), k INTEGER DEFAULT (random()))");
    MigrationResult r = migrate(ferry(settings(), db));
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED);
    Map<String, String> defaults = new LinkedHashMap<>();
    for (String col : List.of("a", "b", "c", "e", "f", "g", "h", "i", "j", "k")) {
      List<String> d =
          pg.column(
              "SELECT column_default FROM information_schema.columns WHERE table_name = 'd' AND"
                  + " column_name = '"
                  + col
                  + "'");
      defaults.put(col, d.get(0));
    }
    assertThat(defaults.get("a")).isEqualTo("CURRENT_TIMESTAMP");
    assertThat(defaults.get("b")).isEqualTo("CURRENT_TIMESTAMP");
    assertThat(defaults.get("c")).contains("EXTRACT(epoch FROM now())");
    // on a text column 'null' is the text SQLite stores, not NULL
    assertThat(defaults.get("e")).isEqualTo("'null'::text");
    assertThat(defaults.get("f")).isEqualTo("true");
    assertThat(defaults.get("g")).isEqualTo("false");
    assertThat(defaults.get("h")).isEqualTo("'it''s'::text");
    assertThat(defaults.get("i")).isEqualTo("1.5");
    assertThat(defaults.get("j")).contains("to_char(");
    assertThat(defaults.get("k")).isNull();
    TablePlan plan = ferry(settings(), db).plan().tables().get(0);
    assertThat(plan.column("k").map(ColumnPlan::note).orElseThrow())
        .contains("random()")
        .contains("left out");
    assertThat(r.warnings())
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith("default of d.k dropped: random()")
                    .contains("a function Ferry does not translate"));
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO d (id) VALUES (1)");
    }
    Map<String, String> inserted =
        pg.row(
            "SELECT a IS NOT NULL AS a, c > 1700000000 AS c, f, g, h, j ~ '^\\d{4}-\\d{2}-\\d{2}$'"
                + " AS j FROM d");
    assertThat(inserted)
        .containsEntry("a", "t")
        .containsEntry("c", "t")
        .containsEntry("f", "t")
        .containsEntry("g", "f")
        .containsEntry("h", "it's")
        .containsEntry("j", "t");
  }

  @Test
  void badRowsGoToTheRejectFileAndGoodRowsLoad() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("bad.db"),
            "CREATE TABLE readings (id INTEGER PRIMARY KEY, n INTEGER, label TEXT, taken DATE)",
            "WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 1000) INSERT"
                + " INTO readings SELECT x, x * 10, 'ok ' || x, date('2024-01-01', '+' || (x % 300)"
                + " || ' days') FROM s",
            "UPDATE readings SET n = 'abc' WHERE id = 17",
            "UPDATE readings SET label = CAST(x'61006200' AS TEXT) WHERE id = 230",
            "UPDATE readings SET label = CAST(x'41ff42' AS TEXT) WHERE id = 501",
            "UPDATE readings SET taken = '0000-01-01' WHERE id = 777",
            "UPDATE readings SET taken = 'next tuesday' WHERE id = 778");
    Ferry f = ferry(settings(), db);
    MigrationResult r = migrate(f);
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED_WITH_REJECTS);
    assertThat(r.rowsRejected()).isEqualTo(5);
    assertThat(pg.row("SELECT count(*) AS n FROM readings")).containsEntry("n", "995");
    Path rejects = Path.of(r.rejectsDirectory()).resolve("readings.rejects.jsonl");
    ObjectMapper json = new ObjectMapper();
    Map<String, JsonNode> byKey = new LinkedHashMap<>();
    for (String line : Files.readAllLines(rejects)) {
      JsonNode n = json.readTree(line);
      byKey.put(n.get("key").get(n.has("sqlstate") ? "id" : "id").asText(), n);
    }
    assertThat(byKey).containsOnlyKeys("17", "230", "501", "777", "778");
    assertThat(byKey.get("17").get("reason").asText())
        .contains("invalid input syntax for type bigint");
    assertThat(byKey.get("17").get("sqlstate").asText()).isEqualTo("22P02");
    assertThat(byKey.get("17").get("column").asText()).isEqualTo("n");
    assertThat(byKey.get("230").get("reason").asText()).contains("NUL byte");
    assertThat(byKey.get("501").get("reason").asText()).contains("invalid UTF-8");
    assertThat(byKey.get("777").get("reason").asText()).contains("out of range");
    assertThat(byKey.get("778").get("reason").asText()).contains("not an ISO-8601");
    assertThat(byKey.get("778").get("values").get("taken").asText()).isEqualTo("next tuesday");
    assertThat(byKey.get("17").get("table").asText()).isEqualTo("bad:readings");
    TableValidation v = r.validation().tables().get(0);
    assertThat(v.status()).as(v.problems().toString()).isEqualTo("MATCH_EXCEPT_REJECTS");
    assertThat(v.rejectedRows()).isEqualTo(5);

    try (TestDatabases.Scratch other = TestDatabases.postgres()) {
      Settings.Builder clean = settings().toBuilder();
      clean.cleanText = true;
      Ferry fc =
          Ferry.configure()
              .target(other.spec())
              .workspace(dir.resolve("ws2"))
              .settings(clean.build())
              .source(ConnectionSpec.sqlite(db))
              .load();
      MigrationResult rc = fc.migrate(fc.plan(), MigrationListener.NONE, new AtomicBoolean());
      assertThat(rc.rowsRejected()).isEqualTo(3);
      assertThat(rc.valuesCleaned()).isEqualTo(2);
      try (Connection c = other.connect();
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery("SELECT label FROM readings WHERE id IN (230, 501) ORDER BY id")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("ab");
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("A\uFFFDB");
      }
    }
  }

  @Test
  void anInfiniteOrOutOfRangeEpochRejectsItsRowNotTheRun() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("epochs.db"),
            "CREATE TABLE ticks (id INTEGER PRIMARY KEY, at DATETIME)",
            "INSERT INTO ticks VALUES (1, 1700000000), (2, 9e999), (3, -9e999), (4, 1e300),"
                + " (5, 9223372036854775807), (6, '2024-01-01 10:00:00')");
    Ferry ferry = ferry(settings(), db);
    MigrationResult r = ferry.migrate(ferry.plan(), MigrationListener.NONE, new AtomicBoolean());
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED_WITH_REJECTS);
    assertThat(r.rowsRejected()).isEqualTo(4);
    assertThat(pg.column("SELECT id FROM ticks ORDER BY id")).containsExactly("1", "6");
    assertThat(
            Files.readAllLines(
                ferry.workspace().resolve("runs/" + r.runId() + "/rejects/ticks.rejects.jsonl")))
        .hasSize(4)
        .allSatisfy(l -> assertThat(l).contains("\"column\":\"at\""));
  }

  @Test
  void tablesWhoseNamesLookAlikeKeepTheirRejectsApart() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("alike.db"),
            "CREATE TABLE [a b] (id INTEGER PRIMARY KEY, n INTEGER)",
            "CREATE TABLE a_b (id INTEGER PRIMARY KEY, n INTEGER)",
            "INSERT INTO [a b] VALUES (1, 1), (2, 'two')",
            "INSERT INTO a_b VALUES (1, 1), (2, 2), (3, 'three')");
    Ferry ferry = ferry(settings(), db);
    MigrationResult r = ferry.migrate(ferry.plan(), MigrationListener.NONE, new AtomicBoolean());
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED_WITH_REJECTS);
    try (var files = Files.list(Path.of(r.rejectsDirectory()))) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted())
          .hasSize(2)
          .contains("a_b.rejects.jsonl")
          .anySatisfy(f -> assertThat(f).startsWith("a_b-").endsWith(".rejects.jsonl"));
    }
    assertThat(r.validation().tables())
        .extracting(TableValidation::status)
        .containsOnly("MATCH_EXCEPT_REJECTS");
  }

  @Test
  void aRunStoppedAfterAKeyWasAttachedResumesWithoutCallingItFailed() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("keys.db"),
            "CREATE TABLE a (id INTEGER PRIMARY KEY, n INTEGER)",
            "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id))",
            "INSERT INTO a VALUES (1, 1), (2, 2)",
            "INSERT INTO b VALUES (1, 1), (2, 2)");
    Settings.Builder one = settings().toBuilder();
    one.jobs = 1;
    Ferry ferry = ferry(one.build(), db);
    AtomicBoolean cancel = new AtomicBoolean();
    // stopped in the constraints phase right after the first primary key was attached
    MigrationListener stopper =
        e -> {
          if (e instanceof MigrationEvent.StepDone s
              && s.phase() == Phase.CONSTRAINTS
              && s.description().startsWith("primary key")) {
            cancel.set(true);
          }
        };
    MigrationResult stopped = ferry.migrate(ferry.plan(), stopper, cancel);
    assertThat(stopped.status()).as(stopped.message()).isEqualTo(RunStatus.INTERRUPTED);
    MigrationResult r = ferry.resume(stopped.runId(), MigrationListener.NONE, new AtomicBoolean());
    assertThat(r.status()).as(r.message() + r.warnings()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(r.ledger()).extracting(LedgerEntry::state).doesNotContain(ObjectState.FAILED);
    assertThat(
            pg.column(
                "SELECT count(*) FROM pg_constraint WHERE conrelid IN ('a'::regclass, 'b'::regclass)"))
        .containsExactly("3");
  }

  @Test
  void aRunStoppedAfterItsLoadNeverLoadsAgainWhateverTheChunkMarkersSay() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("done.db"),
            "CREATE TABLE a (id INTEGER PRIMARY KEY, n INTEGER)",
            "INSERT INTO a VALUES (1, 1), (2, 2), (3, 3)");
    Ferry ferry = ferry(settings(), db);
    AtomicBoolean cancel = new AtomicBoolean();
    MigrationListener stopper =
        e -> {
          if (e instanceof MigrationEvent.PhaseStarted p && p.phase() == Phase.CONSTRAINTS) {
            cancel.set(true);
          }
        };
    MigrationResult stopped = ferry.migrate(ferry.plan(), stopper, cancel);
    assertThat(stopped.status()).as(stopped.message()).isEqualTo(RunStatus.INTERRUPTED);
    // as if stopped after it removed its chunk markers (the last step of a run)
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA ferry_state CASCADE");
    }
    MigrationResult r = ferry.resume(stopped.runId(), MigrationListener.NONE, new AtomicBoolean());
    assertThat(r.status()).as(r.message() + r.warnings()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(r.rowsRejected()).isZero();
    assertThat(r.rowsLoaded()).isEqualTo(3);
    assertThat(pg.column("SELECT count(*) FROM a")).containsExactly("3");
  }

  @Test
  void errorBudgetStopsTheRun() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("budget.db"),
            "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER)",
            "WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 100)"
                + " INSERT INTO t SELECT x, CASE WHEN x % 10 = 0 THEN 'bad' ELSE x END FROM s");
    Settings.Builder b = settings().toBuilder();
    b.errorBudget = 3;
    MigrationResult r = migrate(ferry(b.build(), db));
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.message()).contains("error budget of 3").contains("rejects");
  }

  @Test
  void unenforcedForeignKeysWithOrphansAreReportedNotHidden() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("orphans.db"),
            "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT)",
            "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) ON"
                + " DELETE CASCADE, x TEXT)",
            "INSERT INTO parent VALUES (1, 'a'), (2, 'b')",
            "INSERT INTO child VALUES (1, 1, 'ok'), (2, 2, 'ok'), (3, 99, 'orphan'), (4, 98,"
                + " 'orphan'), (5, NULL, 'no parent')");
    MigrationResult r = migrate(ferry(settings(), db));
    // the orphans were orphans in the source: kept as they are, the foreign key NOT VALID, and
    // that is not a difference (it was one before: VALIDATION_FAILED where nothing differed)
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(r.warnings())
        .anySatisfy(
            w ->
                assertThat(w)
                    .contains("foreign key child_parent_id_fkey")
                    .contains("was created NOT VALID")
                    .contains("violates foreign key constraint"));
    assertThat(r.ledger())
        .anySatisfy(
            e -> {
              assertThat(e.object()).startsWith("foreign key child_parent_id_fkey");
              assertThat(e.state()).isEqualTo(ObjectState.CREATED);
              assertThat(e.detail()).startsWith("NOT VALID");
            });
    assertThat(
            pg.row("SELECT convalidated FROM pg_constraint WHERE conname = 'child_parent_id_fkey'"))
        .containsEntry("convalidated", "f");
    TableValidation child =
        r.validation().tables().stream()
            .filter(t -> t.target().equals("child"))
            .findFirst()
            .orElseThrow();
    assertThat(child.orphans()).containsEntry("child_parent_id_fkey", 2L);
    assertThat(child.sourceOrphans()).isEqualTo(2);
    assertThat(child.status()).isEqualTo("MATCH");
    assertThat(child.problems()).isEmpty();
    assertThat(child.notes())
        .singleElement()
        .satisfies(n -> assertThat(n).contains("2 orphan rows were orphans in the source too"));
    assertThat(pg.row("SELECT count(*) AS n FROM child")).containsEntry("n", "5");
  }

  @Test
  void orphansTheMigrationIntroducesAreADifference() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("introduced.db"),
            "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT)",
            "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id), x"
                + " TEXT)",
            // parent 2 cannot be loaded (a NUL byte): its child loses its parent on the way
            "INSERT INTO parent VALUES (1, 'a'), (2, 'b' || char(0))",
            "INSERT INTO child VALUES (1, 1, 'ok'), (2, 2, 'parent rejected')");
    MigrationResult r = migrate(ferry(settings(), db));
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.VALIDATION_FAILED);
    TableValidation child =
        r.validation().tables().stream()
            .filter(t -> t.target().equals("child"))
            .findFirst()
            .orElseThrow();
    assertThat(child.status()).isEqualTo("MISMATCH");
    assertThat(child.sourceOrphans()).isZero();
    assertThat(child.problems())
        .anySatisfy(p -> assertThat(p).contains("1 orphan rows the migration introduced"));
  }

  @Test
  void theSchemaSectionReadsThePlannedObjectsBackFromTheTarget() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("schema.db"),
            "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)",
            "CREATE INDEX items_name ON items (name)",
            "INSERT INTO items VALUES (1, 'a'), (2, 'b')");
    // an index dropped behind Ferry's back between the load and its validation
    MigrationListener dropper =
        e -> {
          if (e instanceof MigrationEvent.PhaseStarted p && p.phase() == Phase.VALIDATE) {
            try (Connection c = pg.connect();
                Statement st = c.createStatement()) {
              st.execute("DROP INDEX public.items_name");
            } catch (SQLException ex) {
              throw new IllegalStateException(ex);
            }
          }
        };
    Ferry ferry = ferry(settings(), db);
    MigrationResult r = ferry.migrate(ferry.plan(), dropper, new AtomicBoolean());
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.VALIDATION_FAILED);
    assertThat(r.validation().schema())
        .containsExactly("index items_name: planned, not in the target (dropped or never made)");
    assertThat(r.message()).contains("1 planned object is missing or different in the target");

    // loaded again into the kept table, which lost its primary key meanwhile: not a success
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      st.execute("ALTER TABLE items DROP CONSTRAINT items_pkey");
      st.execute("CREATE INDEX items_name ON items (name)");
    }
    Settings.Builder t = settings().toBuilder();
    t.ifExists = IfExists.TRUNCATE;
    Ferry kept = ferry(t.build(), db);
    MigrationResult again = migrate(kept);
    assertThat(again.status()).as(again.message()).isEqualTo(RunStatus.VALIDATION_FAILED);
    assertThat(again.validation().schema())
        .singleElement()
        .satisfies(m -> assertThat(m).contains("primary key items_pkey").contains("was kept"));
    // the checklist's schema item is proved only by objects read back, not by a kept table
    assertThat(kept.evidence(again, kept.plan()).get("schema"))
        .satisfies(
            e -> {
              assertThat(e.proved()).isFalse();
              assertThat(e.text()).contains("missing or different").contains("items_pkey");
            });
    assertThat(ferry.evidence(r, ferry.plan()).get("schema").proved()).isFalse();
  }

  @Test
  void rowsRepeatingTheSourcesPrimaryKeyAreAMismatchWhenTheTargetHasNoKey() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("dup.db"),
            "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)",
            "INSERT INTO items VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    // the key lost and a row loaded twice over another (as a resume over shifted ranges does)
    MigrationListener twice =
        e -> {
          if (e instanceof MigrationEvent.PhaseStarted p && p.phase() == Phase.VALIDATE) {
            try (Connection c = pg.connect();
                Statement st = c.createStatement()) {
              st.execute("ALTER TABLE items DROP CONSTRAINT items_pkey");
              st.execute("UPDATE items SET id = 1, name = 'a' WHERE id = 2");
            } catch (SQLException ex) {
              throw new IllegalStateException(ex);
            }
          }
        };
    Ferry ferry = ferry(settings(), db);
    MigrationResult r = ferry.migrate(ferry.plan(), twice, new AtomicBoolean());
    assertThat(r.status()).isEqualTo(RunStatus.VALIDATION_FAILED);
    assertThat(r.validation().tables())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.status()).isEqualTo("MISMATCH");
              assertThat(t.problems())
                  .contains(
                      "duplicate keys: 1 values of the source's primary key (id) appear more than"
                          + " once in the target (2 rows), which has no primary key to refuse them");
            });
  }

  @Test
  void keptOrFoldedCaseAppliesToEveryColumnReferenceInChecksAndIndexes() throws Exception {
    for (boolean keepCase : new boolean[] {true, false}) {
      Path db =
          SqliteFixture.create(
              dir.resolve("case-" + keepCase + ".db"),
              "CREATE TABLE Products (Id INTEGER PRIMARY KEY, Price REAL CHECK (Price > 0),"
                  + " [Name] TEXT CHECK (length(Name) < 20))",
              "CREATE INDEX products_name ON Products (lower(Name))",
              "CREATE INDEX products_dear ON Products (Price) WHERE Price > 10",
              "INSERT INTO Products VALUES (1, 5, 'Pen'), (2, 15, 'Lamp')");
      try (Connection c = pg.connect();
          Statement st = c.createStatement()) {
        st.execute("DROP TABLE IF EXISTS public.products, public.\"Products\"");
      }
      Settings.Builder s = settings().toBuilder();
      s.keepCase = keepCase;
      Ferry ferry = ferry(s.build(), db);
      MigrationResult r = ferry.migrate(ferry.plan(), MigrationListener.NONE, new AtomicBoolean());
      assertThat(r.status())
          .as(keepCase + " " + r.message() + r.warnings())
          .isEqualTo(RunStatus.SUCCEEDED);
      String table = keepCase ? "\"Products\"" : "products";
      String price = keepCase ? "\"Price\"" : "price";
      assertThat(
              pg.column(
                  "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'public."
                      + table.replace("'", "''")
                      + "'::regclass AND contype = 'c'"))
          .containsExactlyInAnyOrder(
              "CHECK ((length(" + (keepCase ? "\"Name\"" : "name") + ") < 20))",
              "CHECK ((" + price + " > (0)::double precision))");
      assertThat(
              pg.column(
                  "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname IN ('products_dear', 'products_name')"
                      + " ORDER BY 1"))
          .containsExactly(
              "CREATE INDEX products_dear ON public."
                  + table
                  + " USING btree ("
                  + price
                  + ") WHERE ("
                  + price
                  + " > (10)::double precision)",
              "CREATE INDEX products_name ON public."
                  + table
                  + " USING btree (lower("
                  + (keepCase ? "\"Name\"" : "name")
                  + "))");
    }
  }

  @Test
  void aUniqueIndexOnThePrimaryKeyIsFoldedIntoIt() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("folded.db"),
            "CREATE TABLE codes (code TEXT PRIMARY KEY, v TEXT)",
            "CREATE UNIQUE INDEX codes_code ON codes (code)",
            "INSERT INTO codes VALUES ('a', '1'), ('b', '2')");
    MigrationResult r = migrate(ferry(settings(), db));
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(pg.column("SELECT indexname FROM pg_indexes WHERE tablename = 'codes'"))
        .containsExactly("codes_pkey");
    assertThat(r.ledger())
        .anySatisfy(
            e -> {
              assertThat(e.object()).startsWith("index codes_code");
              assertThat(e.state()).isEqualTo(ObjectState.FOLDED);
              assertThat(e.detail()).isEqualTo("folded into primary key codes_pkey");
            });
  }

  @Test
  void existingTargetTablesAreRefusedTruncatedOrAppendedAsChosen() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("policy.db"),
            "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)",
            "INSERT INTO items VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    assertThat(migrate(ferry(settings(), db)).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThatThrownBy(() -> migrate(ferry(settings(), db)))
        .isInstanceOf(FerryException.class)
        .hasMessageContaining("already exist")
        .hasMessageContaining("items")
        .hasMessageContaining("--if-exists");
    Settings.Builder t = settings().toBuilder();
    t.ifExists = IfExists.TRUNCATE;
    MigrationResult truncated = migrate(ferry(t.build(), db));
    assertThat(truncated.status()).as(truncated.message()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(pg.row("SELECT count(*) AS n FROM items")).containsEntry("n", "3");
    Settings.Builder a = settings().toBuilder();
    a.ifExists = IfExists.APPEND;
    a.validate = false;
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      st.execute("ALTER TABLE items DROP CONSTRAINT items_pkey");
    }
    assertThat(migrate(ferry(a.build(), db)).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(pg.row("SELECT count(*) AS n FROM items")).containsEntry("n", "6");
  }

  @Test
  void largeTablesLoadInParallelChunksAndAChangedCellIsCaught() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("big.db"),
            "CREATE TABLE events (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, amount"
                + " NUMERIC(12,2), note TEXT, at DATETIME)",
            "WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 1000000)"
                + " INSERT INTO events SELECT x, x % 997, (x % 100000) / 100.0, 'note ' || x,"
                + " 1700000000 + x FROM s");
    Settings.Builder b = settings().toBuilder();
    b.chunkRows = 150_000;
    b.jobs = 3;
    Ferry f = ferry(b.build(), db);
    MigrationPlan plan = f.plan();
    MigrationResult r = f.migrate(plan, MigrationListener.NONE, new AtomicBoolean());
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(r.rowsLoaded()).isEqualTo(1_000_000);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ws/journal.db"));
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*), sum(rows) FROM chunks WHERE run_id = '" + r.runId() + "'")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(7);
      assertThat(rs.getLong(2)).isEqualTo(1_000_000);
    }
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      st.execute("UPDATE events SET note = 'note 654322' WHERE id = 654321");
    }
    var report = f.validate(plan, MigrationListener.NONE, new AtomicBoolean());
    TableValidation v = report.tables().get(0);
    assertThat(v.status()).isEqualTo("MISMATCH");
    assertThat(v.problems()).contains("checksum differs: same row count, different values");
    assertThat(v.differences()).hasSize(1);
    assertThat(v.differences().get(0).kind()).isEqualTo("DIFFERENT");
    assertThat(v.differences().get(0).key()).containsEntry("id", "654321");
    assertThat(v.differences().get(0).source()).containsEntry("note", "note 654321");
    assertThat(v.differences().get(0).target()).containsEntry("note", "note 654322");
  }

  @Test
  void planThatNoLongerMatchesTheSourceIsRefused() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("drift.db"), "CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT, y INT)");
    Ferry f = ferry(settings(), db);
    MigrationPlan plan = f.plan();
    SqliteFixture.create(db, "ALTER TABLE a DROP COLUMN y", "ALTER TABLE a ADD COLUMN z REAL");
    assertThatThrownBy(() -> f.migrate(plan, MigrationListener.NONE, new AtomicBoolean()))
        .hasMessageContaining("column drift:a.y no longer exists")
        .hasMessageContaining("column drift:a.z is new");
  }

  @Test
  void dependencyOrderLoadsLevelByLevelAndDefersCyclesAndSelfReferences() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("levels.db"),
            "PRAGMA foreign_keys = OFF",
            "CREATE TABLE region (id INTEGER PRIMARY KEY, name TEXT)",
            "CREATE TABLE employee (id INTEGER PRIMARY KEY, region_id INTEGER REFERENCES"
                + " region(id), manager_id INTEGER REFERENCES employee(id), desk_id INTEGER"
                + " REFERENCES desk(id))",
            "CREATE TABLE desk (id INTEGER PRIMARY KEY, owner_id INTEGER REFERENCES employee(id))",
            "CREATE TABLE badge (id INTEGER PRIMARY KEY, employee_id INTEGER NOT NULL REFERENCES"
                + " employee(id))",
            "INSERT INTO region VALUES (1, 'north')",
            "INSERT INTO employee VALUES (1, 1, NULL, 1), (2, 1, 3, 2), (3, 1, 1, NULL)",
            "INSERT INTO desk VALUES (1, 1), (2, 2)",
            "INSERT INTO badge VALUES (1, 1), (2, 3)");
    Settings.Builder b = settings().toBuilder();
    b.loadOrder = LoadOrder.DEPENDENCY_ORDER;
    Ferry f = ferry(b.build(), db);
    var levels = new ForeignKeyLevels(f.inspect().get("levels").tables());
    assertThat(levels.cycles()).hasSize(1);
    assertThat(levels.selfReferencing()).extracting(TableId::name).containsExactly("employee");
    MigrationResult r = migrate(f);
    assertThat(r.status()).as(r.message() + " " + r.warnings()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(r.warnings()).isEmpty();
    assertThat(
            pg.column(
                "SELECT conname FROM pg_constraint WHERE contype = 'f' AND convalidated ORDER BY"
                    + " 1"))
        .containsExactly(
            "badge_employee_id_fkey",
            "desk_owner_id_fkey",
            "employee_desk_id_fkey",
            "employee_manager_id_fkey",
            "employee_region_id_fkey");
    assertThat(r.validation().tables()).extracting(TableValidation::status).containsOnly("MATCH");
  }

  @Test
  void validationAfterTheLoadReadsTheTargetAgainAndCatchesAChangeMadeInBetween() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("tamper.db"),
            "CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT, balance NUMERIC(12,2))",
            "WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 50000)"
                + " INSERT INTO accounts SELECT x, 'owner ' || x, x / 100.0 FROM s");
    Ferry f = ferry(settings(), db);
    MigrationListener tamper =
        e -> {
          if (e instanceof MigrationEvent.PhaseStarted p && p.phase() == Phase.VALIDATE) {
            try (Connection c = pg.connect();
                Statement st = c.createStatement()) {
              st.execute("UPDATE accounts SET balance = balance + 0.01 WHERE id = 31337");
            } catch (SQLException ex) {
              throw new IllegalStateException(ex);
            }
          }
        };
    MigrationResult r = f.migrate(f.plan(), tamper, new AtomicBoolean());
    assertThat(r.status()).isEqualTo(RunStatus.VALIDATION_FAILED);
    TableValidation v = r.validation().tables().get(0);
    assertThat(v.problems()).contains("checksum differs: same row count, different values");
    assertThat(v.problems())
        .anySatisfy(p -> assertThat(p).startsWith("column balance: min/max/sum"));
    assertThat(v.differences())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.key()).containsEntry("id", "31337");
              assertThat(d.source()).containsEntry("balance", "313.37");
              assertThat(d.target()).containsEntry("balance", "313.38");
            });
  }

  @Test
  void openBlockersRefuseTheRunUntilWaivedWithAReason() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("blocker.db"),
            "CREATE TABLE tags (code TEXT PRIMARY KEY, label TEXT)",
            "INSERT INTO tags VALUES ('a', 'A'), (NULL, 'no code'), ('b', 'B')");
    Ferry f = ferry(settings(), db);
    MigrationPlan plan = f.plan();
    assertThatThrownBy(() -> f.migrate(plan, MigrationListener.NONE, new AtomicBoolean()))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("1 blocker is open, so nothing was written")
        .hasMessageContaining("[null-in-key] blocker:tags(code)")
        .hasMessageContaining("waivers:");
    assertThat(pg.column("SELECT count(*) FROM pg_tables WHERE tablename = 'tags'"))
        .containsExactly("0");

    MigrationPlan waived =
        plan.withWaivers(
            List.of(
                new Waiver(
                    "null-in-key",
                    "blocker:tags(code)",
                    "the row without a code is kept; key added later",
                    "dba")));
    MigrationResult r =
        f.migrate(
            PlanFile.fromYaml(PlanFile.toYaml(waived)),
            MigrationListener.NONE,
            new AtomicBoolean());
    assertThat(r.rowsLoaded()).isEqualTo(3);
    assertThat(r.waivers())
        .singleElement()
        .satisfies(w -> assertThat(w.reason()).startsWith("the row without a code"));
    assertThat(r.warnings())
        .anySatisfy(
            w -> assertThat(w).contains("primary key tags_pkey").contains("was not created"));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ws/journal.db"));
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT object, message FROM events WHERE kind = 'waiver'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("null-in-key blocker:tags(code)");
      assertThat(rs.getString(2)).contains("(by dba)");
    }
  }
}
