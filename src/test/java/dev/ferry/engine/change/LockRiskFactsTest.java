package dev.ferry.engine.change;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.TestDatabases;
import dev.ferry.engine.change.StatementRisk.Impact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cases a DBA met where the risk was guessed from the text: each statement now rated from what
 * PostgreSQL did on a schema-only copy of the target and the target's rows — every risky one MEDIUM
 * or more (the one that would fail a BLOCKER), every safe one LOW — and the target left as it was.
 */
class LockRiskFactsTest {
  @TempDir Path dir;

  private static final List<String> RISKY =
      List.of(
          "CREATE INDEX orders_status_idx ON orders (status)",
          "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id)"
              + " REFERENCES customers (id)",
          "ALTER TABLE orders ADD COLUMN seq serial",
          "REINDEX TABLE orders",
          "ALTER TABLE orders ADD COLUMN qty int CHECK (qty > 0)",
          "ALTER TABLE orders ALTER COLUMN status SET NOT NULL");
  private static final List<String> SAFE =
      List.of(
          "ALTER TABLE orders ALTER COLUMN ref TYPE varchar(200)",
          "ALTER TABLE orders ADD COLUMN note text",
          "ALTER TABLE orders ADD COLUMN flagged boolean DEFAULT false",
          "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk2 FOREIGN KEY (customer_id)"
              + " REFERENCES customers (id) NOT VALID",
          "CREATE TABLE audit (id int)",
          "CREATE INDEX audit_id_idx ON audit (id)");

  @Test
  void risksComeFromWhatPostgresDidNotFromTheText() throws Exception {
    Path m = Files.createDirectories(dir.resolve("migrations"));
    int v = 1;
    for (String s : RISKY) {
      Files.writeString(m.resolve("V" + v++ + "__risky.sql"), s + ";\n");
    }
    Files.writeString(
        m.resolve("V" + v++ + "__required.sql"),
        "ALTER TABLE orders ADD COLUMN region text NOT NULL;\n");
    for (String s : SAFE) {
      Files.writeString(m.resolve("V" + v++ + "__safe.sql"), s + ";\n");
    }
    try (TestDatabases.Scratch pg = TestDatabases.postgres();
        Connection c = pg.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE customers (id int PRIMARY KEY)");
      st.execute("INSERT INTO customers SELECT g FROM generate_series(1, 5000) g");
      st.execute(
          "CREATE TABLE orders (id int PRIMARY KEY, customer_id int, status text,"
              + " ref varchar(100))");
      st.execute(
          "INSERT INTO orders SELECT g, 1 + g % 5000, 'new', 'r' || g"
              + " FROM generate_series(1, 30000) g");
      String catalogBefore = catalog(pg);

      SchemaChanges changes = new SchemaChanges(pg.spec(), m, "public");
      List<StatementRisk> risks = changes.risk(null);
      assertThat(risks).hasSize(RISKY.size() + 1 + SAFE.size());

      for (int i = 0; i < RISKY.size(); i++) {
        StatementRisk r = risks.get(i);
        assertThat(r.impact()).as(RISKY.get(i) + " → " + r).isGreaterThanOrEqualTo(Impact.MEDIUM);
        assertThat(r.table()).as(RISKY.get(i)).isEqualTo("orders");
        assertThat(r.lock()).as(RISKY.get(i)).contains("as PostgreSQL took it");
      }
      assertThat(risks.get(0).lock()).startsWith("SHARE (blocks writes)");
      assertThat(risks.get(1).lock()).startsWith("SHARE ROW EXCLUSIVE (blocks writes)");
      assertThat(risks.get(2).work()).startsWith("rewrites orders");
      assertThat(risks.get(3).work()).startsWith("rewrites orders");
      assertThat(risks.get(4).work()).startsWith("reads all of orders");

      StatementRisk required = risks.get(RISKY.size());
      assertThat(required.impact()).isEqualTo(Impact.BLOCKER);
      assertThat(required.work()).contains("fails on orders, which has rows");

      for (int i = 0; i < SAFE.size(); i++) {
        StatementRisk r = risks.get(RISKY.size() + 1 + i);
        assertThat(r.impact()).as(SAFE.get(i) + " → " + r).isEqualTo(Impact.LOW);
      }
      assertThat(risks.get(RISKY.size() + 1).work()).startsWith("changes the catalog only");
      // the rehearsal ran on a copy: the target is as it was, and no scratch database is left
      assertThat(catalog(pg)).isEqualTo(catalogBefore);
      assertThat(pg.column("SELECT datname FROM pg_database WHERE datname LIKE 'ferry_risk_%'"))
          .isEmpty();
    }
  }

  private static String catalog(TestDatabases.Scratch pg) throws Exception {
    return String.join(
        "\n",
        pg.column(
            "SELECT c.relname || ':' || c.relkind::text || ':' || c.relfilenode || ':'"
                + " || (SELECT count(*) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0)"
                + " FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace ORDER BY 1"));
  }

  @Test
  void aCatalogOnlyChangeBehindALongTransactionIsHighBecauseEveryoneQueuesBehindIt()
      throws Exception {
    Path m = Files.createDirectories(dir.resolve("queue"));
    Files.writeString(m.resolve("V1__col.sql"), "ALTER TABLE orders ADD COLUMN note text;\n");
    try (TestDatabases.Scratch pg = TestDatabases.postgres();
        Connection c = pg.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE orders (id int PRIMARY KEY)");
      st.execute("INSERT INTO orders SELECT generate_series(1, 100)");
      SchemaChanges changes = new SchemaChanges(pg.spec(), m, "public");
      assertThat(changes.risk(null).get(0).impact()).isEqualTo(Impact.LOW);
      // a report that reads orders and keeps its transaction open
      try (Connection reader = pg.connect()) {
        reader.setAutoCommit(false);
        reader.createStatement().executeQuery("SELECT count(*) FROM orders").close();
        StatementRisk r = changes.risk(null).get(0);
        assertThat(r.impact()).isEqualTo(Impact.HIGH);
        assertThat(r.work())
            .contains("waits behind 1 session holding")
            .contains("SELECT count(*) FROM orders");
        assertThat(r.advice()).startsWith("set lock_timeout");
        reader.rollback();
      }
    }
  }

  @Test
  void theSaferFormsAreWrittenAsMigrationsThatRateLowAndDoTheSameThing() throws Exception {
    Path m = Files.createDirectories(dir.resolve("risky"));
    Files.writeString(
        m.resolve("V1__index.sql"), "CREATE INDEX orders_status_idx ON orders (status);\n");
    Files.writeString(
        m.resolve("V2__fk.sql"),
        "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id)"
            + " REFERENCES customers (id);\n");
    Files.writeString(
        m.resolve("V3__not_null.sql"), "ALTER TABLE orders ALTER COLUMN status SET NOT NULL;\n");
    try (TestDatabases.Scratch pg = TestDatabases.postgres();
        Connection c = pg.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE customers (id int PRIMARY KEY)");
      st.execute("INSERT INTO customers SELECT generate_series(1, 100)");
      st.execute("CREATE TABLE orders (id int PRIMARY KEY, customer_id int, status text)");
      st.execute("INSERT INTO orders SELECT g, 1 + g % 100, 'new' FROM generate_series(1, 5000) g");
      ChangeProject p =
          ChangeProject.configure()
              .target(pg.spec())
              .migrations(m)
              .workspace(dir.resolve("ws"))
              .load();
      Path fixes = dir.resolve("fixes");
      List<Path> files = p.writeSaferForms(null, fixes);
      assertThat(files)
          .extracting(f -> f.getFileName().toString())
          .containsExactly(
              "V1_1_1__safer.sql",
              "V1_1_1__safer.sql.conf",
              "V2_1_1__safer.sql",
              "V2_1_2__safer.sql",
              "V3_1_1__safer.sql",
              "V3_1_2__safer.sql",
              "V3_1_3__safer.sql");
      assertThat(Files.readString(fixes.resolve("V1_1_1__safer.sql.conf")))
          .isEqualTo("executeInTransaction=false\n");

      // the safer scripts, as a migration project of their own: every statement rates LOW
      SchemaChanges safer = new SchemaChanges(pg.spec(), fixes, "public");
      assertThat(safer.risk(null))
          .allSatisfy(r -> assertThat(r.impact()).as(r.statement()).isEqualTo(Impact.LOW));
      // and applied, they do what the risky ones would have done
      safer.baseline(); // the target's existing tables are version 1's starting point
      assertThat(safer.migrate(null)).isEqualTo(6);
      assertThat(
              pg.column(
                  "SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'orders_status_idx'::regclass"))
          .containsExactly("true");
      assertThat(
              pg.column(
                  "SELECT convalidated::text FROM pg_constraint WHERE conname = 'orders_customer_fk'"))
          .containsExactly("true");
      assertThat(
              pg.column(
                  "SELECT attnotnull::text FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'status'"))
          .containsExactly("true");
      assertThat(pg.column("SELECT conname FROM pg_constraint WHERE conname = 'status_not_null'"))
          .isEmpty();
    }
  }
}
