package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.ScratchDatabases;
import dev.ferry.SqliteFixture;
import dev.ferry.TestDatabases;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as scripts use it: output, files and exit codes. */
class CliTest {
  @TempDir Path dir;
  @RegisterExtension final ScratchDatabases databases = new ScratchDatabases();

  private static CliRun.Run ferry(String... args) {
    return CliRun.ferry("", args);
  }

  /** Ferry run with {@code stdin} as its standard input. */
  private static CliRun.Run ferryReading(String stdin, String... args) {
    return CliRun.ferry(stdin, args);
  }

  @Test
  void passwordsAreReadFromStandardInputAndAnInlineOneIsWarnedAbout() throws Exception {
    TestDatabases.Scratch my = databases.mysql();
    TestDatabases.Scratch pg = databases.postgres();
    try (Connection c = my.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20))");
      st.execute("INSERT INTO items VALUES (1, 'one'), (2, 'two')");
    }
    String user = databases.mysqlUser(my, "s3cret-pw");
    String source = my.url().replaceFirst("user=[^&]*", "user=" + user);
    String ws = dir.resolve("ws").toString();
    CliRun.Run r =
        ferryReading(
            "s3cret-pw\nnot read\n",
            "migrate",
            "--source",
            source,
            "--source-password",
            "-",
            "--target",
            pg.url(),
            "--workspace",
            ws,
            "-q");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.err()).doesNotContain("warning").doesNotContain("s3cret");
    assertThat(pg.column("SELECT name FROM public.items ORDER BY id"))
        .containsExactly("one", "two");

    CliRun.Run inline =
        ferry(
            "migrate",
            "--source",
            source,
            "--source-password",
            "s3cret-pw",
            "--target",
            pg.url(),
            "--target-schema",
            "again",
            "--dry-run",
            "--workspace",
            ws);
    assertThat(inline.code()).as(inline.out() + inline.err()).isZero();
    assertThat(inline.err())
        .contains("ferry: warning: the password given inline to --source-password")
        .contains("process list");
    assertThat(inline.out() + inline.err()).doesNotContain("s3cret");
  }

  @Test
  void targetPasswordDashTakesOneLineOfStandardInput() {
    InputStream oldIn = System.in;
    ByteArrayInputStream stdin =
        new ByteArrayInputStream("tgt-pw\nsrc-pw\nleft\n".getBytes(StandardCharsets.UTF_8));
    try {
      System.setIn(stdin);
      MigrateCommand cmd = new MigrateCommand();
      new CommandLine(cmd)
          .parseArgs(
              "--target",
              "jdbc:postgresql://db.example/app?user=dba",
              "--target-password",
              "-",
              "--source",
              "jdbc:mariadb://db.example/shop?user=etl",
              "--source-password",
              "-");
      assertThat(cmd.conn.targetSpec().password().reveal()).isEqualTo("tgt-pw");
      assertThat(cmd.conn.sourceSpecs().getFirst().password().reveal()).isEqualTo("src-pw");
      assertThat(cmd.conn.targetSpec().password().reveal()).as("read once").isEqualTo("tgt-pw");
      assertThat(new String(stdin.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("left\n");
    } finally {
      System.setIn(oldIn);
    }
  }

  @Test
  void demoMigratesTheFiveSeedDatabasesIntoAnEmbeddedPostgres() {
    CliRun.Run r = ferry("demo", "--workspace", dir.toString(), "-q");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.err())
        .contains(
            "mingus.db, business_intelligence.db, cache.db, performance_metrics.db, alerts.db")
        .contains("business_intelligence.analytics_events → business_intelligence_analytics_events")
        .contains("cache.system_settings → cache_system_settings")
        .contains(
            "performance_metrics.performance_metrics → performance_metrics_performance_metrics");
    assertThat(r.out()).contains("validation: all 20 tables match").contains(": SUCCEEDED");
    assertThat(Files.exists(dir.resolve("demo/mingus.db"))).isTrue();
  }

  @Test
  void dryRunPrintsThePlanAndTheDdlAndWritesNothing() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("app.db"),
            "CREATE TABLE t (id INTEGER PRIMARY KEY, at DATETIME)",
            "INSERT INTO t VALUES (1, 1700000000)");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      CliRun.Run r =
          ferry(
              "migrate",
              "--source",
              "jdbc:sqlite:" + db,
              "--target",
              pg.url() + "&password=s3cret-pw",
              "--dry-run",
              "--workspace",
              dir.resolve("ws").toString());
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out())
          .contains("rule: sqlite.datetime")
          .contains("numericTime: EPOCH_SECONDS")
          .contains("CREATE TABLE \"public\".\"t\"")
          .contains(
              "rehearsed on the target and rolled back (nothing was written): every statement accepted")
          .doesNotContain("s3cret-pw");
      try (Connection c = pg.connect();
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
    }
  }

  @Test
  void migrateBacksUpFirstAndABackupRestores() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("shop.db"),
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL)",
            "INSERT INTO orders VALUES (1, 9.5), (2, 12), (3, 7.25)");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      String ws = dir.resolve("ws").toString();
      CliRun.Run migrate =
          ferry(
              "migrate",
              "--source",
              "jdbc:sqlite:" + db,
              "--target",
              pg.url(),
              "--backup",
              "--workspace",
              ws,
              "-q");
      assertThat(migrate.code()).as(migrate.out() + migrate.err()).isZero();
      assertThat(migrate.err())
          .contains("backup of shop.db: ")
          .contains("backup of " + pg.name() + ": ");

      CliRun.Run list = ferry("backup", "--list", "--workspace", ws);
      assertThat(list.out().lines().filter(l -> l.contains(" verified "))).hasSize(2);

      CliRun.Run trial = ferry("backup", "jdbc:sqlite:" + db, "--trial-restore", "--workspace", ws);
      assertThat(trial.code()).as(trial.out() + trial.err()).isZero();
      assertThat(trial.out())
          .containsPattern("same +orders +3 rows in the database, +3 restored")
          .contains("trial restore: every table has the same rows");
      String gz = trial.out().lines().findFirst().orElseThrow().split(" ")[1];

      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
        c.createStatement().execute("DELETE FROM orders");
      }
      CliRun.Run unconfirmed = ferry("restore", gz, "--to", "jdbc:sqlite:" + db);
      assertThat(unconfirmed.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(unconfirmed.err()).contains("no terminal to confirm on").contains("--yes");
      // what it will do is said before anything is done
      assertThat(unconfirmed.out()).contains("over " + db.toAbsolutePath()).contains("-wal");
      CliRun.Run restore = ferry("restore", gz, "--to", "jdbc:sqlite:" + db, "--yes");
      assertThat(restore.code()).as(restore.out() + restore.err()).isZero();
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
          ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM orders")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(3);
      }
    }
  }

  @Test
  void exitCodesTellRejectsAndRefusalsApart() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("x.db"),
            "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER)",
            "INSERT INTO t VALUES (1, 1), (2, 'two'), (3, 3)");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      String ws = dir.resolve("ws").toString();
      CliRun.Run first =
          ferry(
              "migrate",
              "--source",
              "jdbc:sqlite:" + db,
              "--target",
              pg.url() + "&password=s3cret-pw",
              "--workspace",
              ws,
              "-q");
      assertThat(first.code()).as(first.out() + first.err()).isEqualTo(ExitCodes.REJECTED_ROWS);
      assertThat(first.out()).contains("MATCH_EXCEPT_REJECTS").contains("rows rejected");
      CliRun.Run again =
          ferry(
              "migrate",
              "--source",
              "jdbc:sqlite:" + db,
              "--target",
              pg.url(),
              "--workspace",
              ws,
              "-q");
      assertThat(again.code()).isEqualTo(ExitCodes.REFUSED);
      assertThat(again.err()).contains("already exist in schema public: t").contains("--if-exists");
      try (var files = Files.walk(dir.resolve("ws"))) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
              .as(f.toString())
              .doesNotContain("s3cret-pw");
        }
      }
    }
  }

  @Test
  void everyFileAndFolderARunLeavesInTheWorkspaceIsTheOwnersAlone() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("p.db"),
            "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER)",
            "INSERT INTO t VALUES (1, 1), (2, 'two'), (3, 3)");
    TestDatabases.Scratch pg = databases.postgres();
    Path ws = dir.resolve("ws");
    CliRun.Run migrate =
        ferry(
            "migrate",
            "--source",
            "jdbc:sqlite:" + db,
            "--target",
            pg.url(),
            "--backup",
            "--workspace",
            ws.toString(),
            "-q");
    assertThat(migrate.code()).as(migrate.out() + migrate.err()).isEqualTo(ExitCodes.REJECTED_ROWS);
    String runId;
    try (var runs = Files.list(ws.resolve("runs"))) {
      runId = runs.findFirst().orElseThrow().getFileName().toString();
    }
    Path timeline = ws.resolve("runs").resolve(runId).resolve("timeline.png");
    CliRun.Run report =
        ferry("report", runId, "--workspace", ws.toString(), "--timeline", timeline.toString());
    assertThat(report.code()).as(report.out() + report.err()).isZero();
    assertThat(report.out()).contains("timeline: " + timeline);
    byte[] png = Files.readAllBytes(timeline);
    assertThat(java.util.Arrays.copyOf(png, 8))
        .as("a PNG image")
        .containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
    assertThat(javax.imageio.ImageIO.read(timeline.toFile()).getWidth()).isEqualTo(1200);

    List<String> names = new ArrayList<>();
    try (var paths = Files.walk(ws)) {
      for (Path p : paths.toList()) {
        names.add(ws.relativize(p).toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
            .as(p.toString())
            .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
      }
    }
    assertThat(names)
        .contains("journal.db")
        .anyMatch(n -> n.endsWith(".rejects.jsonl"))
        .anyMatch(n -> n.endsWith("result.json"))
        .anyMatch(n -> n.endsWith("report.pdf"))
        .anyMatch(n -> n.endsWith(".dump"))
        .anyMatch(n -> n.endsWith(".gz"))
        .anyMatch(n -> n.endsWith(".manifest.json"));
  }

  @Test
  void strictMakesOrphansTheSourceHoldsTooFailValidation() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("o.db"),
            "CREATE TABLE parent (id INTEGER PRIMARY KEY)",
            "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id))",
            "INSERT INTO parent VALUES (1)",
            "INSERT INTO child VALUES (1, 1), (2, 7)");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      String ws = dir.resolve("ws").toString();
      String[] conn = {"--source", "jdbc:sqlite:" + db, "--target", pg.url(), "--workspace", ws};
      CliRun.Run migrate = ferry(concat(new String[] {"migrate", "-q"}, conn));
      assertThat(migrate.code()).as(migrate.out() + migrate.err()).isEqualTo(ExitCodes.OK);
      assertThat(migrate.out())
          .contains("· 1 orphan rows were orphans in the source too")
          .contains("validation: all 2 tables match")
          .contains(": SUCCEEDED");
      CliRun.Run strict = ferry(concat(new String[] {"validate", "-q", "--strict"}, conn));
      assertThat(strict.code())
          .as(strict.out() + strict.err())
          .isEqualTo(ExitCodes.VALIDATION_MISMATCH);
      assertThat(strict.out())
          .contains("PRE_EXISTING_ORPHANS")
          .contains(
              "! 1 orphan rows, orphans in the source too (pre-existing), fail under --strict")
          .contains("failed by --strict: child")
          .doesNotContain("differ");
    }
  }

  @Test
  void aSchemaObjectTheTargetWouldRefuseIsRefusedBeforeWriting() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("v.db"),
            "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)",
            "INSERT INTO t VALUES (1, 'a'), (2, 'b')",
            "CREATE VIEW starts_with_a AS SELECT id FROM t WHERE name GLOB 'a*'");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      CliRun.Run r =
          ferry(
              "migrate",
              "--source",
              "jdbc:sqlite:" + db,
              "--target",
              pg.url(),
              "--workspace",
              dir.resolve("ws").toString(),
              "-q");
      // rehearsed before a row moves: refused, nothing created, the view and the reason named
      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.REFUSED);
      assertThat(r.err())
          .contains("[schema-rehearsal] view starts_with_a: PostgreSQL refuses view starts_with_a")
          .contains("GLOB")
          .contains("waive this finding");
      assertThat(pg.column("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
          .containsExactly("0");
      // the dry run shows each statement's outcome
      CliRun.Run dry =
          ferry(
              "migrate",
              "--source",
              "jdbc:sqlite:" + db,
              "--target",
              pg.url(),
              "--workspace",
              dir.resolve("ws").toString(),
              "--dry-run");
      assertThat(dry.out())
          .contains("rolled back (nothing was written): 1 refused")
          .contains("-- view starts_with_a (from v; not translated")
          .contains("-- REFUSED: syntax error at or near \"GLOB\"");
    }
  }

  @Test
  void reportProvesWhatItCanAndRecordsSignOffs() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("shop.db"),
            "CREATE TABLE customers (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT)",
            "INSERT INTO customers (name) VALUES ('Ann'), ('Bob')",
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id))",
            "INSERT INTO orders VALUES (10, 1), (11, 2)");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      String ws = dir.resolve("ws").toString();
      CliRun.Run run =
          ferry(
              "migrate",
              "--source",
              "jdbc:sqlite:" + db,
              "--target",
              pg.url(),
              "--workspace",
              ws,
              "-q");
      assertThat(run.code()).as(run.out() + run.err()).isZero();
      String runId = run.out().replaceAll("(?s).*run (\\S+): SUCCEEDED.*", "$1");

      // a backup of the target in the workspace proves the checklist's backup item
      CliRun.Run backup = ferry("change", "backup", "--target", pg.url(), "--workspace", ws);
      assertThat(backup.code()).as(backup.out() + backup.err()).isZero();
      CliRun.Run bad = ferry("report", runId, "--workspace", ws, "--sign", "nope");
      assertThat(bad.code()).as(bad.out() + bad.err()).isEqualTo(ExitCodes.USAGE);
      assertThat(bad.err()).contains("No item 'nope' in the checklist").contains("backup");

      CliRun.Run report =
          ferry(
              "report",
              runId,
              "--workspace",
              ws,
              "--sign",
              "staging",
              "--operator",
              "ann",
              "--note",
              "pg_dump taken at 02:00");
      assertThat(report.code()).as(report.out() + report.err()).isZero();
      // seven items Ferry proves from the run and the target, one signed, the rest open
      assertThat(report.out())
          .as(Files.readString(dir.resolve("ws/runs/" + runId + "/report.json")))
          .contains("checklist: 22 items, 8 proved by Ferry, 1 signed, 13 open");
      Path html = dir.resolve("ws/runs/" + runId + "/report.html");
      String page = Files.readString(html);
      assertThat(page)
          .contains("Ferry migration report — run " + runId)
          .contains("backup of " + pg.name() + " on system ")
          .contains(" s ago (")
          .contains("all 2 tables match")
          .contains(
              "identity sequences continue past their highest key: customers.id next 3 &gt; max 2")
          .contains("2 tables analyzed")
          .contains("ann at ")
          .contains("pg_dump taken at 02:00")
          .contains("data:image/png;base64,");
      String json = Files.readString(dir.resolve("ws/runs/" + runId + "/report.json"));
      assertThat(json).contains("\"state\" : \"signed\"").contains("\"state\" : \"proved\"");
      // the same report as a PDF, for the audit file
      Path pdf = dir.resolve("ws/runs/" + runId + "/report.pdf");
      assertThat(report.out()).contains("pdf:    " + pdf);
      try (var d = PDDocument.load(pdf.toFile())) {
        String text = new PDFTextStripper().getText(d);
        assertThat(text.replaceAll("\\s+", " "))
            .contains("Ferry migration report")
            .contains(runId)
            .contains("all 2 tables match")
            .contains("pg_dump taken at 02:00")
            .contains("[x]");
      }
    }
  }

  @Test
  void changeShowsInfoAndDryRunsPendingScripts() throws Exception {
    Path m = Files.createDirectories(dir.resolve("migrations"));
    Files.writeString(m.resolve("V1__base.sql"), "CREATE TABLE accounts (id bigint PRIMARY KEY);");
    Files.writeString(m.resolve("V2__email.sql"), "ALTER TABLE accounts ADD COLUMN email text;");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      String[] common = {"--target", pg.url(), "--migrations", m.toString()};
      CliRun.Run migrate = ferry(concat(new String[] {"change", "migrate", "--to", "1"}, common));
      assertThat(migrate.code()).as(migrate.out() + migrate.err()).isZero();
      CliRun.Run info = ferry(concat(new String[] {"change", "info"}, common));
      assertThat(info.out())
          .containsPattern("1\\s+base\\s+Success")
          .containsPattern("2\\s+email\\s+Pending");
      CliRun.Run dry = ferry(concat(new String[] {"change", "dry-run"}, common));
      assertThat(dry.code()).as(dry.out() + dry.err()).isZero();
      assertThat(dry.out())
          .contains(
              "dry run session: lock_timeout 2s (Ferry's default for a dry run, which takes real"
                  + " locks), statement_timeout 60s")
          .contains("V2__email.sql  1 statements")
          .contains("added    column             public.accounts.email: text")
          .contains("everything was rolled back");
      Files.writeString(m.resolve("U2__email.sql"), "ALTER TABLE accounts DROP COLUMN email;");
      assertThat(ferry(concat(new String[] {"change", "migrate"}, common)).code()).isZero();
      CliRun.Run unconfirmed = ferry(concat(new String[] {"change", "undo", "--to", "1"}, common));
      assertThat(unconfirmed.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(unconfirmed.err()).contains("confirm with --yes");
      CliRun.Run undo =
          ferry(
              concat(
                  new String[] {
                    "change",
                    "undo",
                    "--to",
                    "1",
                    "--yes",
                    "--workspace",
                    dir.resolve("ws").toString()
                  },
                  common));
      assertThat(undo.code()).as(undo.out() + undo.err()).isZero();
      assertThat(undo.out()).contains("undone V2 with U2__email.sql");
      assertThat(ferry(concat(new String[] {"change", "info"}, common)).out())
          .containsPattern("2\\s+email\\s+Pending");
      // approvals: migrate waits for every role the project asks for, for these exact scripts
      Files.writeString(m.resolve("ferry-change.yaml"), "approvals: [DBA, tech lead]\n");
      Files.writeString(m.resolve("V3__phone.sql"), "ALTER TABLE accounts ADD COLUMN phone text;");
      String ws = dir.resolve("ws").toString();
      CliRun.Run refused =
          ferry(concat(new String[] {"change", "migrate", "--workspace", ws}, common));
      assertThat(refused.code()).isEqualTo(ExitCodes.REFUSED);
      assertThat(refused.err()).contains("need approval by DBA, tech lead");
      CliRun.Run dba =
          ferry(
              concat(
                  new String[] {
                    "change", "approve", "--role", "DBA", "--operator", "ann", "--workspace", ws
                  },
                  common));
      assertThat(dba.code()).as(dba.out() + dba.err()).isZero();
      Files.writeString(
          m.resolve("V3__phone.sql"), "ALTER TABLE accounts ADD COLUMN phone varchar(20);");
      assertThat(
              ferry(
                      concat(
                          new String[] {
                            "change", "approve", "--role", "tech lead", "--workspace", ws
                          },
                          common))
                  .code())
          .isZero();
      CliRun.Run edited =
          ferry(concat(new String[] {"change", "migrate", "--workspace", ws}, common));
      assertThat(edited.code()).isEqualTo(ExitCodes.REFUSED);
      assertThat(edited.err()).contains("need approval by DBA");
      ferry(concat(new String[] {"change", "approve", "--role", "DBA", "--workspace", ws}, common));
      CliRun.Run approved =
          ferry(
              concat(
                  new String[] {
                    "change", "migrate", "--backup", "--trial-restore", "--workspace", ws
                  },
                  common));
      assertThat(approved.out())
          .contains("backup: " + dir.resolve("ws").resolve("backups"))
          .contains("trial restore: every table has the same rows");
      assertThat(approved.code()).as(approved.out() + approved.err()).isZero();
      assertThat(approved.out()).contains("2 migrations applied"); // V2 (undone above) and V3
      CliRun.Run backup = ferry("change", "backup", "--target", pg.url(), "--workspace", ws);
      assertThat(backup.code()).as(backup.out() + backup.err()).isZero();
      assertThat(backup.out())
          .startsWith("backup: " + dir.resolve("ws").resolve("backups"))
          .contains("sha256 ");
      // the report shows the approvals that let migrate run, the history and the backup
      Path out = dir.resolve("change-report");
      CliRun.Run report =
          ferry(
              concat(
                  new String[] {"change", "report", "--workspace", ws, "--out", out.toString()},
                  common));
      assertThat(report.code()).as(report.out() + report.err()).isZero();
      String html = Files.readString(out.resolve("change-report.html"));
      assertThat(html)
          .contains("<td>DBA</td><td>" + System.getProperty("user.name") + "</td>")
          .contains("<td>tech lead</td>")
          .doesNotContain("not yet approved")
          .contains("<td>undo</td><td>V2</td>")
          .contains("<td>migrate</td><td>V2, V3</td>")
          .contains("approved by DBA (" + System.getProperty("user.name") + "), tech lead (")
          .contains(backup.out().split(" ")[1]);
      assertThat(Files.size(out.resolve("change-report.pdf"))).isPositive();
      assertThat(Files.readString(out.resolve("change-report.json")))
          .contains("\"pendingChangeId\"")
          .contains("\"verified\" : true");
      CliRun.Run bad =
          ferry("change", "explode", "--target", pg.url(), "--migrations", m.toString());
      assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
    }
  }

  @Test
  void changeSubcommandsHaveTheirOwnHelpAndTakeTheProjectOptionsBeforeOrAfterTheirName() {
    CliRun.Run help = ferry("change", "--help");
    assertThat(help.code()).as(help.err()).isZero();
    assertThat(help.out())
        .contains("--target=<url>", "--migrations=<folder>", "--target-password[=<password>]")
        .containsPattern("(?m)^  dry-run ")
        .containsPattern("(?m)^  undo ")
        .containsPattern("(?m)^  repair ");
    CliRun.Run undo = ferry("change", "undo", "--help");
    assertThat(undo.code()).as(undo.err()).isZero();
    assertThat(undo.out())
        .contains("--staged", "--yes", "--to=<version>", "--target=<url>", "--workspace=<dir>")
        .doesNotContain("--role");
    String target = "jdbc:postgresql://127.0.0.1:5432/none?user=postgres";
    CliRun.Run before = ferry("change", "--target", target, "info");
    assertThat(before.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(before.err()).startsWith("info needs --migrations <folder>");
    CliRun.Run after = ferry("change", "restore", "--target", target);
    assertThat(after.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(after.err()).startsWith("restore needs --file <backup.dump>");
    assertThat(ferry("change", "info").err())
        .startsWith("Missing required option: '--target=<url>'");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void discardDropsAnInterruptedRunsTablesOnlyWithConsentAndClosesTheRun() throws Exception {
    TestDatabases.Scratch pg = databases.postgres();
    Path db =
        SqliteFixture.create(
            dir.resolve("shop.db"),
            "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)",
            "INSERT INTO items VALUES (1, 'pen'), (2, 'ink')");
    Path ws = dir.resolve("ws");
    var ferry =
        dev.ferry.engine.Ferry.configure()
            .source(dev.ferry.engine.connect.ConnectionSpec.sqlite(db))
            .target(pg.spec())
            .workspace(ws)
            .load();
    // stopped as the load begins: the table exists, the run can be resumed
    java.util.concurrent.atomic.AtomicBoolean cancel =
        new java.util.concurrent.atomic.AtomicBoolean();
    var stopped =
        ferry.migrate(
            ferry.plan(),
            e -> {
              if (e instanceof dev.ferry.engine.event.MigrationEvent.PhaseStarted p
                  && p.phase() == dev.ferry.engine.event.Phase.DATA) {
                cancel.set(true);
              }
            },
            cancel);
    String id = stopped.runId();

    CliRun.Run refused = ferry("discard", id, "--workspace", ws.toString());
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.out()).contains("1 table: items").contains("can no longer be resumed");
    assertThat(refused.err()).contains("--yes");
    assertThat(pg.column("SELECT to_regclass('public.items')::text")).containsExactly("items");

    CliRun.Run done = ferry("discard", id, "--workspace", ws.toString(), "--yes");
    assertThat(done.code()).as(done.err()).isZero();
    assertThat(pg.column("SELECT to_regclass('public.items')::text")).containsOnlyNulls();
    CliRun.Run resume = ferry("migrate", "--resume", id, "--workspace", ws.toString());
    assertThat(resume.code()).isNotZero();
    assertThat(resume.out() + resume.err()).contains("discarded");
  }

  @Test
  void progressWrittenToALogIsPlainLinesNotBarFrames() throws Exception {
    TestDatabases.Scratch pg = databases.postgres();
    Path db =
        SqliteFixture.create(
            dir.resolve("log.db"),
            "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
                + " INSERT INTO items SELECT i, 'item ' || i FROM n");
    CliRun.Run r =
        ferry(
            "migrate",
            "--source",
            "jdbc:sqlite:" + db,
            "--target",
            pg.url(),
            "--workspace",
            dir.resolve("ws").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).doesNotContain("\r").doesNotContain("[=");
    // the result file of a validated run holds its validation with an ISO time
    CliRun.Run withResult =
        ferry(
            "migrate",
            "--source",
            "jdbc:sqlite:" + db,
            "--target",
            pg.url(),
            "--if-exists",
            "truncate",
            "--workspace",
            dir.resolve("ws").toString(),
            "--result",
            dir.resolve("result.json").toString(),
            "-q");
    assertThat(withResult.code()).as(withResult.err()).isZero();
    assertThat(Files.readString(dir.resolve("result.json")))
        .containsPattern("\"validations\" : \\[ \\{\\s+\"at\" : \"20\\d\\d-");
    assertThat(r.err().lines())
        .anyMatch(l -> l.startsWith("· loading 3,000 rows"))
        .anyMatch(
            l -> l.matches("  loading 3,000 of 3,000 rows \\(100%\\) · [0-9,]+ rows/s · items"));
  }

  @Test
  void castRulesArePrinted() {
    CliRun.Run r = ferry("inspect", "--casts", "mysql");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("mysql.tinyint1")
        .contains("boolean")
        .contains("mysql.bigint-unsigned")
        .contains("numeric(20)");
  }
}
