package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ScratchDatabases;
import dev.ferry.TestDatabases;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.core.TableValidation;
import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.plan.Settings;
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

/**
 * The real MariaDB → the real PostgreSQL: every MySQL cast rule, zero dates, charsets, triggers.
 */
class MysqlMigrationTest {
  @TempDir Path dir;
  @RegisterExtension final ScratchDatabases databases = new ScratchDatabases();
  TestDatabases.Scratch my;
  TestDatabases.Scratch pg;

  @BeforeEach
  void setUp() throws SQLException {
    my = databases.mysql();
    pg = databases.postgres();
    try (Connection c = my.connect();
        Statement st = c.createStatement()) {
      st.execute("SET SESSION sql_mode = ''");
      st.execute(
          "CREATE TABLE customers (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(100) NOT NULL"
              + " UNIQUE, KEY idx_created (id)) ENGINE=InnoDB");
      st.execute(
          "CREATE TABLE everything (id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY, customer_id INT,"
              + " flag TINYINT(1) NOT NULL DEFAULT 1, tiny TINYINT, utiny TINYINT UNSIGNED, small"
              + " SMALLINT UNSIGNED, medium MEDIUMINT, i INT, ui INT UNSIGNED, big BIGINT, ubig"
              + " BIGINT UNSIGNED, price DECIMAL(10,2) DEFAULT 0.00, f FLOAT, d DOUBLE, created"
              + " DATETIME(6), updated TIMESTAMP(3) NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE"
              + " CURRENT_TIMESTAMP(3), day DATE, t TIME, y YEAR, status"
              + " ENUM('new','paid','shipped') NOT NULL DEFAULT 'new', tags SET('a','b','c'), b1"
              + " BIT(1), b5 BIT(5), bin VARBINARY(16), bl BLOB, doc JSON, name VARCHAR(50)"
              + " CHARACTER SET utf8mb4, latin VARCHAR(50) CHARACTER SET latin1, txt TEXT, KEY"
              + " idx_created (created), CONSTRAINT fk_customer FOREIGN KEY (customer_id)"
              + " REFERENCES customers (id) ON DELETE SET NULL, CONSTRAINT price_positive CHECK"
              + " (price >= 0)) ENGINE=InnoDB");
      st.execute(
          "INSERT INTO customers (id, email) VALUES (1, 'a@example.com'), (2, 'b@example.com')");
      st.execute(
          "INSERT INTO everything VALUES (1, 1, 1, -5, 250, 65000, -8000000, -2000000000,"
              + " 4000000000, -9000000000000000000, 18446744073709551615, 12.34, 1.5, 0.1,"
              + " '2024-03-01 10:20:30.123456', '2024-03-01 10:20:30.123', '2024-03-01',"
              + " '10:20:30', 2024, 'paid', 'a,c', b'1', b'10101', x'00ff', x'cafe', '{\"b\": 1,"
              + " \"a\": [1, 2.50]}', 'Zoë 東京', 'café', 'multi\\n"
              + "line\\ttab')");
      st.execute(
          "INSERT INTO everything (id, customer_id, flag, created, day, status, tags, b1) VALUES"
              + " (2, 2, 0, '0000-00-00 00:00:00', '0000-00-00', 'new', '', b'0')");
      st.execute(
          "INSERT INTO everything (id, flag, created, day) VALUES (3, 0, '2024-02-29"
              + " 23:59:59.999999', '2024-02-29')");
    }
  }

  @Test
  void everyMysqlTypeArrivesWithTheRightPostgresTypeAndValue() throws Exception {
    Settings.Builder s = Settings.defaults().toBuilder();
    s.jobs = 2;
    Ferry ferry =
        Ferry.configure()
            .source(my.spec())
            .target(pg.spec())
            .targetSchema("shop")
            .workspace(dir)
            .settings(s.build())
            .load();
    MigrationResult r = ferry.migrate(ferry.plan(), MigrationListener.NONE, new AtomicBoolean());
    assertThat(r.status()).as(r.message() + " " + r.warnings()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(r.zeroDatesNulled()).isEqualTo(2);

    Map<String, String> types = new LinkedHashMap<>();
    try (Connection c = pg.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                    + " WHERE attrelid = 'shop.everything'::regclass AND attnum > 0")) {
      while (rs.next()) {
        types.put(rs.getString(1), rs.getString(2));
      }
    }
    assertThat(types)
        .containsEntry("id", "bigint")
        .containsEntry("flag", "boolean")
        .containsEntry("tiny", "smallint")
        .containsEntry("utiny", "smallint")
        .containsEntry("small", "integer")
        .containsEntry("medium", "integer")
        .containsEntry("i", "integer")
        .containsEntry("ui", "bigint")
        .containsEntry("big", "bigint")
        .containsEntry("ubig", "numeric(20,0)")
        .containsEntry("price", "numeric(10,2)")
        .containsEntry("f", "real")
        .containsEntry("d", "double precision")
        .containsEntry("created", "timestamp(6) without time zone")
        .containsEntry("updated", "timestamp(3) with time zone")
        .containsEntry("day", "date")
        .containsEntry("t", "time(0) without time zone")
        .containsEntry("y", "smallint")
        .containsEntry("status", "text")
        .containsEntry("tags", "text[]")
        .containsEntry("b1", "boolean")
        .containsEntry("b5", "bit varying(5)")
        .containsEntry("bin", "bytea")
        .containsEntry("bl", "bytea")
        .containsEntry("doc", "jsonb")
        .containsEntry("name", "character varying(50)")
        .containsEntry("latin", "character varying(50)")
        .containsEntry("txt", "text");

    assertThat(pg.row("SELECT * FROM shop.everything WHERE id = 1"))
        .containsEntry("flag", "t")
        .containsEntry("utiny", "250")
        .containsEntry("ui", "4000000000")
        .containsEntry("ubig", "18446744073709551615")
        .containsEntry("price", "12.34")
        .containsEntry("f", "1.5")
        .containsEntry("d", "0.1")
        .containsEntry("created", "2024-03-01 10:20:30.123456")
        .containsEntry("updated", "2024-03-01 10:20:30.123+00")
        .containsEntry("day", "2024-03-01")
        .containsEntry("t", "10:20:30")
        .containsEntry("y", "2024")
        .containsEntry("status", "paid")
        .containsEntry("tags", "{a,c}")
        .containsEntry("b1", "t")
        .containsEntry("b5", "10101")
        .containsEntry("bin", "\\x00ff")
        .containsEntry("bl", "\\xcafe")
        .containsEntry("doc", "{\"a\": [1, 2.50], \"b\": 1}")
        .containsEntry("name", "Zoë 東京")
        .containsEntry("latin", "café")
        .containsEntry("txt", "multi\nline\ttab");
    assertThat(pg.row("SELECT created, day, flag, tags, b1 FROM shop.everything WHERE id = 2"))
        .containsEntry("created", null)
        .containsEntry("day", null)
        .containsEntry("flag", "f")
        .containsEntry("tags", "{}")
        .containsEntry("b1", "f");
    assertThat(pg.row("SELECT created FROM shop.everything WHERE id = 3"))
        .containsEntry("created", "2024-02-29 23:59:59.999999");

    // enum CHECK, the CHECK constraint, the foreign key, both idx_created indexes, ON UPDATE as a
    // trigger
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      assertThat(
              names(
                  st,
                  "SELECT conname FROM pg_constraint WHERE conrelid = 'shop.everything'::regclass"
                      + " ORDER BY 1"))
          .contains("everything_pkey", "everything_status_check", "fk_customer", "price_positive");
      assertThat(names(st, "SELECT indexname FROM pg_indexes WHERE schemaname = 'shop' ORDER BY 1"))
          .contains("idx_created", "everything_idx_created");
      assertThat(
              names(
                  st,
                  "SELECT tgname FROM pg_trigger WHERE tgrelid = 'shop.everything'::regclass AND"
                      + " NOT tgisinternal"))
          .hasSize(1);
      st.execute("UPDATE shop.everything SET txt = 'changed' WHERE id = 3");
      try (ResultSet rs =
          st.executeQuery(
              "SELECT updated > now() - interval '1 minute' FROM shop.everything WHERE id = 3")) {
        rs.next();
        assertThat(rs.getBoolean(1)).as("ON UPDATE CURRENT_TIMESTAMP kept by a trigger").isTrue();
      }
      st.execute("INSERT INTO shop.everything (flag) VALUES (true)");
      try (ResultSet rs =
          st.executeQuery(
              "SELECT max(id), min(status), min(price) FROM shop.everything WHERE id > 3")) {
        rs.next();
        assertThat(rs.getLong(1)).as("identity continues after the highest id").isEqualTo(4);
        assertThat(rs.getString(2)).isEqualTo("new");
        assertThat(rs.getString(3)).isEqualTo("0.00");
      }
    }
    assertThat(r.validation().tables()).extracting(TableValidation::status).containsOnly("MATCH");
    // unsigned, enum, set and bit columns, the trigger, keys and checks read back: nothing differs
    assertThat(r.validation().schema()).isEmpty();
    // the trigger dropped behind Ferry's back is named by validation
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      st.execute("DROP TRIGGER everything_updated_on_update ON shop.everything");
    }
    assertThat(ferry.validate(ferry.plan(), MigrationListener.NONE, new AtomicBoolean()).schema())
        .containsExactly(
            "trigger everything_updated_on_update keeps everything.updated current on UPDATE:"
                + " planned, not in the target (dropped or never made)");
  }

  @Test
  void aSourceWhosePasswordIsInMysqlPwdOrTheOptionFileMigrates() throws Exception {
    String user = databases.mysqlUser(my, "s3cret pw;#1");
    String url = my.url().replaceFirst("user=[^&]*", "user=" + user);
    Path home = Files.createDirectories(dir.resolve("home"));
    assertThatThrownBy(() -> ConnectionSpec.parse(url, Map.of("HOME", home.toString())).open())
        .as("the user needs its password")
        .isInstanceOf(SQLException.class);

    ConnectionSpec fromEnv =
        ConnectionSpec.parse(url, Map.of("HOME", home.toString(), "MYSQL_PWD", "s3cret pw;#1"));
    Files.writeString(
        home.resolve(".my.cnf"), "[client]\nuser = " + user + "\npassword = \"s3cret pw;#1\"\n");
    ConnectionSpec fromFile =
        ConnectionSpec.parse(my.url().replaceFirst("\\?.*", ""), Map.of("HOME", home.toString()));
    for (ConnectionSpec source : List.of(fromEnv, fromFile)) {
      String schema = source == fromEnv ? "from_env" : "from_file";
      Ferry ferry =
          Ferry.configure()
              .source(source)
              .target(pg.spec())
              .targetSchema(schema)
              .workspace(dir.resolve(schema))
              .load();
      MigrationResult r = ferry.migrate(ferry.plan(), MigrationListener.NONE, new AtomicBoolean());
      assertThat(r.status()).as(r.message() + " " + r.warnings()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(pg.column("SELECT count(*) FROM " + schema + ".everything")).containsExactly("3");
    }
  }

  @Test
  void assessmentProfilesMysqlColumnsAndCountsZeroDates() throws Exception {
    var a = Ferry.configure().source(my.spec()).workspace(dir).load().assess();
    assertThat(a.findings())
        .anySatisfy(
            f -> {
              assertThat(f.id()).isEqualTo("zero-dates");
              assertThat(f.object()).endsWith("everything.created");
              assertThat(f.message()).startsWith("1 zero dates");
            });
    var status =
        a.columns().stream().filter(c -> c.column().equals("status")).findFirst().orElseThrow();
    assertThat(status.distinct()).isEqualTo(2);
    assertThat(status.min()).isEqualTo("new");
    var name =
        a.columns().stream().filter(c -> c.column().equals("name")).findFirst().orElseThrow();
    assertThat(name.maxLength()).isEqualTo(6);
  }

  @Test
  void enumsCanBecomePostgresEnumTypes() throws Exception {
    Settings.Builder s = Settings.defaults().toBuilder();
    s.enumAsType = true;
    Ferry ferry =
        Ferry.configure()
            .source(my.spec())
            .target(pg.spec())
            .workspace(dir)
            .settings(s.build())
            .load();
    MigrationResult r = ferry.migrate(ferry.plan(), MigrationListener.NONE, new AtomicBoolean());
    assertThat(r.status()).as(r.message() + " " + r.warnings()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(
            pg.row(
                "SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid ="
                    + " 'everything'::regclass AND attname = 'status'"))
        .containsEntry("t", "everything_status");
    assertThat(
            pg.row(
                "SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) AS l FROM pg_enum e JOIN"
                    + " pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'everything_status'"))
        .containsEntry("l", "new,paid,shipped");
  }

  @Test
  void largeMysqlTablesAreSplitIntoKeyRanges() throws Exception {
    try (Connection c = my.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE events (id BIGINT PRIMARY KEY, kind VARCHAR(20), at DATETIME(3))");
      st.execute(
          "INSERT INTO events SELECT seq, CONCAT('k', seq % 7), TIMESTAMP '2024-01-01 00:00:00' +"
              + " INTERVAL seq SECOND FROM seq_1_to_20000");
    }
    Settings.Builder s = Settings.defaults().toBuilder();
    s.chunkRows = 4000;
    s.jobs = 3;
    Ferry ferry =
        Ferry.configure()
            .source(my.spec())
            .target(pg.spec())
            .workspace(dir)
            .settings(s.build())
            .load();
    MigrationResult r = ferry.migrate(ferry.plan(), MigrationListener.NONE, new AtomicBoolean());
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(pg.row("SELECT count(*) AS n, count(DISTINCT id) AS d, max(at) AS m FROM events"))
        .containsEntry("n", "20000")
        .containsEntry("d", "20000")
        .containsEntry("m", "2024-01-01 05:33:20");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("journal.db"));
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT count(*) FROM chunks WHERE target_table = 'events'")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(5);
    }
  }

  /** 20,000 events, then the tables loaded after them changed as soon as the first rows arrive. */
  private MigrationResult loadWhileTheSourceIsWritten(ConnectionSpec source, List<String> warnings)
      throws Exception {
    try (Connection c = my.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE events (id BIGINT PRIMARY KEY, kind VARCHAR(20))");
      st.execute("INSERT INTO events SELECT seq, CONCAT('k', seq % 7) FROM seq_1_to_20000");
    }
    Settings.Builder s = Settings.defaults().toBuilder();
    s.chunkRows = 4000;
    s.jobs = 1;
    s.validate = false;
    Ferry ferry =
        Ferry.configure()
            .source(source)
            .target(pg.spec())
            .workspace(dir)
            .settings(s.build())
            .load();
    AtomicBoolean written = new AtomicBoolean();
    return ferry.migrate(
        ferry.plan(),
        e -> {
          if (e instanceof MigrationEvent.Warning w) {
            warnings.add(w.message());
          }
          if (e instanceof MigrationEvent.TableProgress p
              && p.table().equals("events")
              && written.compareAndSet(false, true)) {
            try (Connection c = my.connect();
                Statement st = c.createStatement()) {
              st.execute("INSERT INTO customers (id, email) VALUES (100, 'late@example.com')");
              st.execute("INSERT INTO events VALUES (20001, 'late')");
              st.execute("DELETE FROM events WHERE id = 19999");
            } catch (SQLException ex) {
              throw new IllegalStateException(ex);
            }
          }
        },
        new AtomicBoolean());
  }

  @Test
  void everyChunkOfAMysqlSourceReadsTheMomentTheLoadBegan() throws Exception {
    List<String> warnings = new ArrayList<>();
    MigrationResult r = loadWhileTheSourceIsWritten(my.spec(), warnings);
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(warnings).noneMatch(w -> w.contains("snapshot"));
    // the rows written after the load began are in no table; the deleted one is in its table
    assertThat(pg.row("SELECT count(*) AS n, max(id) AS m FROM events"))
        .containsEntry("n", "20000")
        .containsEntry("m", "20000");
    assertThat(pg.column("SELECT id FROM events WHERE id = 19999")).containsExactly("19999");
    assertThat(pg.column("SELECT id FROM customers ORDER BY id")).containsExactly("1", "2");
  }

  @Test
  void aMysqlUserWithoutReloadIsWarnedThatChunksReadTheirOwnMoment() throws Exception {
    String user = "ferry_noreload_" + my.name().substring(8, 14);
    try (Connection c = my.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE USER '" + user + "'@'%'");
      st.execute("CREATE USER '" + user + "'@'localhost'");
      st.execute("GRANT SELECT ON " + my.name() + ".* TO '" + user + "'@'%'");
      st.execute("GRANT SELECT ON " + my.name() + ".* TO '" + user + "'@'localhost'");
    }
    try {
      List<String> warnings = new ArrayList<>();
      MigrationResult r =
          loadWhileTheSourceIsWritten(
              ConnectionSpec.parse(my.url().replace("user=root", "user=" + user)), warnings);
      assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(warnings)
          .anySatisfy(
              w ->
                  assertThat(w)
                      .contains("no snapshot shared")
                      .contains("RELOAD")
                      .contains("42000"));
      // without the shared snapshot, the customers chunk read the source as it was then
      assertThat(pg.column("SELECT id FROM customers ORDER BY id"))
          .containsExactly("1", "2", "100");
    } finally {
      try (Connection c = my.connect();
          Statement st = c.createStatement()) {
        st.execute("DROP USER '" + user + "'@'%'");
        st.execute("DROP USER '" + user + "'@'localhost'");
      }
    }
  }

  private static List<String> names(Statement st, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
