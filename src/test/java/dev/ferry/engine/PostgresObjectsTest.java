package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.ScratchDatabases;
import dev.ferry.TestDatabases;
import dev.ferry.engine.core.LedgerEntry;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.ObjectState;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.core.TableValidation;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.plan.IfExists;
import dev.ferry.engine.plan.Settings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL → PostgreSQL carries what a DBA expects of a PostgreSQL move: identifiers exactly as
 * the source spells them (mixed case, spaces, unicode), index definitions rebuilt from the catalog,
 * standalone sequences with their values, functions and procedures, triggers that never fire during
 * the load, row-level security and policies, materialized views, comments and privileges — and
 * names what it does not carry.
 */
public class PostgresObjectsTest {
  @TempDir Path dir;
  @RegisterExtension final ScratchDatabases databases = new ScratchDatabases();
  TestDatabases.Scratch source;
  TestDatabases.Scratch target;

  static final List<String> SALES =
      List.of(
          "CREATE SCHEMA \"Sales\"",
          "SET search_path = \"Sales\"",
          "CREATE SEQUENCE report_number_seq START 1000 INCREMENT 5",
          "CREATE TYPE \"Tier\" AS ENUM ('gold', 'silver')",
          "CREATE FUNCTION \"Next Code\"() RETURNS text LANGUAGE sql AS $$ SELECT 'C-' || nextval('report_number_seq') $$",
          "CREATE TABLE \"Customer\" (\"CustomerId\" int PRIMARY KEY, \"Name\" text NOT NULL, \"e-mail\" text,"
              + " \"Größe\" int CHECK (\"Größe\" > 0), \"Tier\" \"Tier\", \"Code\" text DEFAULT \"Next Code\"())",
          "CREATE INDEX \"my idx\" ON \"Customer\" (\"Name\" DESC NULLS LAST)",
          "CREATE INDEX ON \"Customer\" (lower(\"Name\"))",
          "CREATE UNIQUE INDEX \"uniq mail\" ON \"Customer\" (\"e-mail\") WHERE \"e-mail\" IS NOT NULL",
          "CREATE UNIQUE INDEX \"Customer pk twice\" ON \"Customer\" (\"CustomerId\")",
          "CREATE TABLE \"Order Line\" (\"Id\" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
              + " \"CustomerId\" int NOT NULL REFERENCES \"Customer\" ON DELETE CASCADE, \"Amount\" numeric(10,2) NOT NULL,"
              + " \"Number\" bigint NOT NULL DEFAULT nextval('report_number_seq'), \"Touched\" int NOT NULL DEFAULT 0)",
          "CREATE FUNCTION \"Touch\"() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.\"Touched\" := NEW.\"Touched\" + 1;"
              + " RETURN NEW; END$$",
          "CREATE TRIGGER \"Order Line touch\" BEFORE INSERT OR UPDATE ON \"Order Line\" FOR EACH ROW EXECUTE FUNCTION \"Touch\"()",
          "CREATE FUNCTION add_tax(amount numeric, rate numeric DEFAULT 0.2) RETURNS numeric LANGUAGE sql IMMUTABLE"
              + " AS $$ SELECT amount * (1 + rate) $$",
          "CREATE FUNCTION \"Orders of\"(c \"Customer\") RETURNS SETOF \"Order Line\" LANGUAGE sql STABLE"
              + " AS $$ SELECT * FROM \"Order Line\" WHERE \"CustomerId\" = c.\"CustomerId\" $$",
          "CREATE PROCEDURE archive_before(cutoff int) LANGUAGE sql AS $$ DELETE FROM \"Order Line\" WHERE \"Id\" < cutoff $$",
          "CREATE AGGREGATE product(numeric) (SFUNC = numeric_mul, STYPE = numeric)",
          "CREATE VIEW \"Big Customers\" AS SELECT c.\"Name\", sum(o.\"Amount\") AS \"Total\" FROM \"Customer\" c"
              + " JOIN \"Order Line\" o USING (\"CustomerId\") GROUP BY c.\"Name\" HAVING sum(o.\"Amount\") > 100",
          "CREATE VIEW \"Top\" AS SELECT * FROM \"Big Customers\" WHERE \"Total\" > 1000",
          "CREATE MATERIALIZED VIEW \"Order Totals\" AS SELECT \"CustomerId\", add_tax(sum(\"Amount\")) AS gross"
              + " FROM \"Order Line\" GROUP BY 1",
          "COMMENT ON TABLE \"Customer\" IS 'Who buys'",
          "COMMENT ON COLUMN \"Customer\".\"e-mail\" IS 'Where we write'",
          "COMMENT ON FUNCTION add_tax(numeric, numeric) IS 'VAT included'",
          "COMMENT ON VIEW \"Big Customers\" IS 'Over 100'",
          "ALTER TABLE \"Order Line\" ENABLE ROW LEVEL SECURITY",
          "CREATE POLICY \"own rows\" ON \"Order Line\" FOR SELECT TO ferry_reader"
              + " USING (\"CustomerId\" = current_setting('app.customer')::int)",
          "GRANT SELECT ON \"Customer\", \"Big Customers\" TO ferry_reader",
          "GRANT USAGE ON SEQUENCE report_number_seq TO ferry_reader",
          "REVOKE EXECUTE ON PROCEDURE archive_before(int) FROM PUBLIC",
          "GRANT EXECUTE ON PROCEDURE archive_before(int) TO ferry_reader",
          "GRANT USAGE ON SCHEMA \"Sales\" TO ferry_reader",
          "ALTER DEFAULT PRIVILEGES IN SCHEMA \"Sales\" GRANT SELECT ON TABLES TO ferry_reader",
          "INSERT INTO \"Customer\" (\"CustomerId\", \"Name\", \"e-mail\", \"Größe\", \"Tier\", \"Code\")"
              + " SELECT g, 'Name ' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'c' || g || '@x.org' END, g, 'gold', 'C-' || g"
              + " FROM generate_series(1, 50) g",
          "INSERT INTO \"Order Line\" (\"CustomerId\", \"Amount\") SELECT 1 + g % 50, g * 1.5 FROM generate_series(1, 200) g",
          "REFRESH MATERIALIZED VIEW \"Order Totals\"");

  @BeforeEach
  void setUp() throws SQLException {
    source = databases.postgres();
    target = databases.postgres();
    try (Connection c = DriverManager.getConnection(TestDatabases.pgAdminUrl());
        Statement st = c.createStatement()) {
      for (String role : List.of("ferry_reader", "ferry_auditor")) {
        st.execute(
            "DO $$BEGIN CREATE ROLE "
                + role
                + "; EXCEPTION WHEN duplicate_object THEN NULL; END$$");
      }
    }
    try (Connection c = source.connect();
        Statement st = c.createStatement()) {
      for (String sql : SALES) {
        st.execute(sql);
      }
    }
  }

  private Ferry ferry(Settings settings) {
    return Ferry.configure()
        .source(source.spec())
        .sourceSchemas(List.of("Sales"))
        .target(target.spec())
        .targetSchema("crm")
        .workspace(dir)
        .settings(settings)
        .load();
  }

  @Test
  void everyObjectIsCarriedWithItsExactNameOrNamedAsNotCarried() throws Exception {
    Ferry ferry = ferry(Settings.defaults());
    MigrationResult r = ferry.migrate(ferry.plan(), MigrationListener.NONE, new AtomicBoolean());
    assertThat(r.status()).as(r.message() + " " + r.warnings()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(r.warnings())
        .containsExactly(
            "not carried: aggregate Sales.product(numeric): aggregates are not carried; create it by hand");
    assertThat(r.ledger()).extracting(LedgerEntry::state).doesNotContain(ObjectState.FAILED);
    assertThat(r.ledger())
        .filteredOn(e -> e.state() == ObjectState.NOT_CARRIED)
        .extracting(LedgerEntry::object)
        .containsExactly("aggregate Sales.product(numeric)");
    assertThat(r.validation().tables()).extracting(TableValidation::status).containsOnly("MATCH");
    assertThat(r.validation().schema()).isEmpty();

    try (Connection c = target.connect();
        Statement st = c.createStatement()) {
      assertThat(
              strings(
                  st,
                  "SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = 'crm' ORDER BY 1"))
          .containsExactly(
              "Customer_lower_idx: CREATE INDEX \"Customer_lower_idx\" ON crm.\"Customer\" USING btree (lower(\"Name\"))",
              "Customer_pkey: CREATE UNIQUE INDEX \"Customer_pkey\" ON crm.\"Customer\" USING btree (\"CustomerId\")",
              "Order Line_pkey: CREATE UNIQUE INDEX \"Order Line_pkey\" ON crm.\"Order Line\" USING btree (\"Id\")",
              "my idx: CREATE INDEX \"my idx\" ON crm.\"Customer\" USING btree (\"Name\" DESC NULLS LAST)",
              "uniq mail: CREATE UNIQUE INDEX \"uniq mail\" ON crm.\"Customer\" USING btree (\"e-mail\")"
                  + " WHERE (\"e-mail\" IS NOT NULL)");
      // the trigger is made after the load: no row was touched twice
      assertThat(strings(st, "SELECT DISTINCT \"Touched\"::text FROM crm.\"Order Line\""))
          .containsExactly("1");
      // the standalone sequence kept its value, and the default still draws from it
      String last = value(source, "SELECT last_value::text FROM \"Sales\".report_number_seq");
      assertThat(strings(st, "SELECT last_value::text FROM crm.report_number_seq"))
          .containsExactly(last);
      assertThat(
              strings(
                  st,
                  "SELECT attidentity::text || ':' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') FROM pg_attribute a"
                      + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                      + " WHERE a.attrelid = 'crm.\"Order Line\"'::regclass AND a.attname IN ('Id', 'Number') ORDER BY a.attnum"))
          .containsExactly("d:", ":nextval('crm.report_number_seq'::regclass)");
      st.execute("SET search_path = crm");
      st.execute("INSERT INTO \"Order Line\" (\"CustomerId\", \"Amount\") VALUES (1, 2)");
      assertThat(
              strings(
                  st,
                  "SELECT \"Number\" || ':' || \"Touched\" FROM \"Order Line\" ORDER BY \"Id\" DESC LIMIT 1"))
          .containsExactly((Long.parseLong(last) + 5) + ":1");
      assertThat(strings(st, "SELECT add_tax(100)::text")).containsExactly("120.0");
      assertThat(
              strings(
                  st,
                  "SELECT count(*)::text FROM \"Orders of\"((SELECT c FROM \"Customer\" c WHERE \"CustomerId\" = 1))"))
          .containsExactly("5");
      assertThat(strings(st, "SELECT count(*)::text FROM \"Top\"")).containsExactly("0");
      assertThat(strings(st, "SELECT count(*)::text FROM \"Big Customers\""))
          .containsExactly(value(source, "SELECT count(*)::text FROM \"Sales\".\"Big Customers\""));
      assertThat(strings(st, "SELECT sum(gross)::text FROM \"Order Totals\""))
          .containsExactly(
              value(source, "SELECT sum(gross)::text FROM \"Sales\".\"Order Totals\""));
      assertThat(
              strings(
                  st,
                  "SELECT obj_description('crm.\"Customer\"'::regclass, 'pg_class') || ' / '"
                      + " || col_description('crm.\"Customer\"'::regclass, 3) || ' / '"
                      + " || obj_description('crm.add_tax(numeric, numeric)'::regprocedure, 'pg_proc') || ' / '"
                      + " || obj_description('crm.\"Big Customers\"'::regclass, 'pg_class')"))
          .containsExactly("Who buys / Where we write / VAT included / Over 100");
      assertThat(
              strings(
                  st,
                  "SELECT relrowsecurity || ' ' || (SELECT string_agg(polname || ' ' || polcmd::text || ' '"
                      + " || array_to_string(polroles::regrole[], ','), ';') FROM pg_policy WHERE polrelid = c.oid)"
                      + " FROM pg_class c WHERE c.oid = 'crm.\"Order Line\"'::regclass"))
          .containsExactly("true own rows r ferry_reader");
      assertThat(
              strings(
                  st,
                  "SELECT has_table_privilege('ferry_reader', 'crm.\"Customer\"', 'SELECT')"
                      + " || ' ' || has_table_privilege('ferry_reader', 'crm.\"Big Customers\"', 'SELECT')"
                      + " || ' ' || has_table_privilege('ferry_reader', 'crm.\"Order Line\"', 'SELECT')"
                      + " || ' ' || has_sequence_privilege('ferry_reader', 'crm.report_number_seq', 'USAGE')"
                      + " || ' ' || has_schema_privilege('ferry_reader', 'crm', 'USAGE')"
                      + " || ' ' || has_function_privilege('ferry_reader', 'crm.archive_before(int)', 'EXECUTE')"
                      + " || ' ' || has_function_privilege('ferry_auditor', 'crm.archive_before(int)', 'EXECUTE')"
                      + " || ' ' || has_function_privilege('ferry_auditor', 'crm.add_tax(numeric, numeric)', 'EXECUTE')"))
          .containsExactly("true true false true true true false true");
      assertThat(
              strings(
                  st,
                  "SELECT array_to_string(defaclacl, ',') FROM pg_default_acl WHERE defaclnamespace = 'crm'::regnamespace"))
          .singleElement()
          .satisfies(acl -> assertThat(acl).contains("ferry_reader=r/"));
    }
  }

  @Test
  void theAssessmentCountsWhatIsCarriedAndNamesWhatIsNot() throws Exception {
    var findings = ferry(Settings.defaults()).assess().findings();
    assertThat(findings)
        .filteredOn(f -> f.id().equals("inventory"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.message())
                    .contains(
                        "1 standalone sequences, 5 functions/procedures, 1 triggers,"
                            + " 1 materialized views, 1 policies, 4 comments"));
    assertThat(findings)
        .filteredOn(f -> f.id().equals("not-carried"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.object()).endsWith("aggregate Sales.product(numeric)");
              assertThat(f.message()).contains("aggregates are not carried");
            });
  }

  @Test
  void rolesAreMappedOrPrivilegesLeftOutAsThePlanSays() throws Exception {
    Settings.Builder s = Settings.defaults().toBuilder();
    s.roleMap = Map.of("ferry_reader", "ferry_auditor");
    Ferry ferry = ferry(s.build());
    MigrationResult r = ferry.migrate(ferry.plan(), MigrationListener.NONE, new AtomicBoolean());
    assertThat(r.status()).as(r.message() + " " + r.warnings()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(
            value(
                target,
                "SELECT has_table_privilege('ferry_auditor', 'crm.\"Customer\"', 'SELECT')"
                    + " || ' ' || has_table_privilege('ferry_reader', 'crm.\"Customer\"', 'SELECT')"
                    + " || ' ' || (SELECT array_to_string(polroles::regrole[], ',') FROM pg_policy"
                    + "   WHERE polname = 'own rows')"))
        .isEqualTo("true false ferry_auditor");

    try (Connection c = target.connect();
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA crm CASCADE");
    }
    s.roleMap = Map.of();
    s.grants = false;
    ferry = ferry(s.build());
    r = ferry.migrate(ferry.plan(), MigrationListener.NONE, new AtomicBoolean());
    assertThat(r.status()).as(r.message() + " " + r.warnings()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(r.warnings())
        .anySatisfy(w -> assertThat(w).contains("privilege(s) of").contains("grants: false"));
    assertThat(
            value(
                target,
                "SELECT has_table_privilege('ferry_reader', 'crm.\"Customer\"', 'SELECT')::text"))
        .isEqualTo("false");
  }

  @Test
  void aRoleTheTargetLacksIsABlockerBeforeAnyRowMoves() throws Exception {
    try (Connection c = source.connect();
        Statement st = c.createStatement()) {
      st.execute("GRANT SELECT ON \"Sales\".\"Customer\" TO ferry_reader");
    }
    Settings.Builder s = Settings.defaults().toBuilder();
    s.roleMap = Map.of("ferry_reader", "no_such_role_anywhere");
    Ferry ferry = ferry(s.build());
    var rehearsal = ferry.rehearse(ferry.plan());
    assertThat(rehearsal)
        .filteredOn(o -> !o.ok())
        .isNotEmpty()
        .allSatisfy(o -> assertThat(o.error()).contains("no_such_role_anywhere"));
  }

  @Test
  void anExistingTablesTriggersDoNotFireWhileItIsLoadedAgain() throws Exception {
    Ferry ferry = ferry(Settings.defaults());
    assertThat(ferry.migrate(ferry.plan(), MigrationListener.NONE, new AtomicBoolean()).status())
        .isEqualTo(RunStatus.SUCCEEDED);
    Settings.Builder s = Settings.defaults().toBuilder();
    s.ifExists = IfExists.TRUNCATE;
    ferry = ferry(s.build());
    MigrationResult again =
        ferry.migrate(ferry.plan(), MigrationListener.NONE, new AtomicBoolean());
    assertThat(again.status())
        .as(again.message() + " " + again.warnings())
        .isIn(RunStatus.SUCCEEDED);
    assertThat(
            value(
                target,
                "SELECT string_agg(DISTINCT \"Touched\"::text, ',') FROM crm.\"Order Line\""))
        .isEqualTo("1");
    assertThat(
            value(
                target, "SELECT tgenabled::text FROM pg_trigger WHERE tgname = 'Order Line touch'"))
        .isEqualTo("O");
  }

  private static String value(TestDatabases.Scratch db, String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      return strings(st, sql).get(0);
    }
  }

  private static List<String> strings(Statement st, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
