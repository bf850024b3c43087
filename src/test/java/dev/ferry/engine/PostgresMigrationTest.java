package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.ScratchDatabases;
import dev.ferry.TestDatabases;
import dev.ferry.engine.catalog.ForeignKeyLevels;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.catalog.TableId;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.core.TableValidation;
import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.event.Phase;
import dev.ferry.engine.plan.LoadOrder;
import dev.ferry.engine.plan.Settings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL → PostgreSQL, on the 21-table customer-data platform of seed 001: types kept exactly,
 * tables loaded level by level in foreign-key order with the constraints in place.
 */
public class PostgresMigrationTest {
  static final String[] LEVEL0 = {"users", "permissions", "uploaded_images", "integrations"};
  @TempDir Path dir;
  @RegisterExtension final ScratchDatabases databases = new ScratchDatabases();
  TestDatabases.Scratch source;
  TestDatabases.Scratch target;

  @BeforeEach
  void setUp() throws SQLException {
    source = databases.postgres();
    target = databases.postgres();
    try (Connection c = source.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA cdp");
      st.execute("SET search_path = cdp");
      for (String sql : SEED_001) {
        st.execute(sql);
      }
    }
  }

  public static final List<String> SEED_001 =
      List.of(
          "CREATE TYPE campaign_status AS ENUM ('draft', 'scheduled', 'running', 'done')",
          "CREATE DOMAIN email_address AS text CHECK (VALUE ~ '@')",
          "CREATE TABLE users (id uuid PRIMARY KEY, email email_address NOT NULL, created_at"
              + " timestamptz NOT NULL DEFAULT now())",
          "CREATE TABLE permissions (id serial PRIMARY KEY, code text NOT NULL UNIQUE, scopes"
              + " text[] NOT NULL DEFAULT '{}')",
          "CREATE TABLE uploaded_images (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
              + " file_name text, content bytea, width int, height int, uploaded_at timestamp(3))",
          "CREATE TABLE integrations (id serial PRIMARY KEY, provider text NOT NULL, settings"
              + " jsonb, api_key_hash text)",
          "CREATE TABLE team (id serial PRIMARY KEY, user_id uuid NOT NULL REFERENCES users(id),"
              + " manager_id int REFERENCES team(id), role text, salary numeric(12,4), permissions"
              + " jsonb, active boolean DEFAULT true)",
          "CREATE TABLE roles (id serial PRIMARY KEY, name text NOT NULL, created_by uuid"
              + " REFERENCES users(id))",
          "CREATE TABLE presentations (id serial PRIMARY KEY, title text, cover_image_id bigint"
              + " REFERENCES uploaded_images(id))",
          "CREATE TABLE environment_configurations (id serial PRIMARY KEY, integration_id int"
              + " REFERENCES integrations(id) ON DELETE CASCADE, env text, config jsonb)",
          "CREATE TABLE migration_history (id serial PRIMARY KEY, integration_id int REFERENCES"
              + " integrations(id), took interval, log text)",
          "CREATE TABLE role_permissions (role_id int REFERENCES roles(id), permission_id int"
              + " REFERENCES permissions(id), granted_at timestamptz DEFAULT now(), PRIMARY KEY"
              + " (role_id, permission_id))",
          "CREATE TABLE slides (id serial PRIMARY KEY, presentation_id int NOT NULL REFERENCES"
              + " presentations(id), position int, body text)",
          "CREATE TABLE segments (id serial PRIMARY KEY, created_by int REFERENCES team(id), rules"
              + " jsonb, size bigint)",
          "CREATE TABLE cohorts (id serial PRIMARY KEY, created_by int REFERENCES team(id), name"
              + " text, synced_at timestamptz)",
          "CREATE TABLE dashboard_tiles (id serial PRIMARY KEY, created_by int REFERENCES team(id),"
              + " kind text, query text)",
          "CREATE TABLE dashboard_configurations (id serial PRIMARY KEY, team_id int REFERENCES"
              + " team(id), layout jsonb)",
          "CREATE TABLE mailing_lists (id serial PRIMARY KEY, owner_id int REFERENCES team(id),"
              + " addresses email_address[])",
          "CREATE TABLE scheduled_reports (id serial PRIMARY KEY, presentation_id int REFERENCES"
              + " presentations(id), owner_id int REFERENCES team(id), cron text, next_run"
              + " timestamptz)",
          "CREATE TABLE campaigns (id serial PRIMARY KEY, cohort_id int REFERENCES cohorts(id),"
              + " owner_id int REFERENCES team(id), status campaign_status NOT NULL DEFAULT"
              + " 'draft', budget numeric(10,2))",
          "CREATE TABLE dashboard_tile_instances (id serial PRIMARY KEY, tile_id int REFERENCES"
              + " dashboard_tiles(id), x int, y int)",
          "CREATE TABLE report_executions (id bigserial PRIMARY KEY, report_id int REFERENCES"
              + " scheduled_reports(id), ok boolean, duration_ms double precision)",
          "CREATE TABLE campaign_jobs (id serial PRIMARY KEY, campaign_id int REFERENCES"
              + " campaigns(id), state text, ran_at timestamptz)",
          "CREATE INDEX users_email_lower ON users (lower(email))",
          "CREATE INDEX campaigns_running ON campaigns (owner_id) WHERE status = 'running'",
          "INSERT INTO users SELECT ('00000000-0000-0000-0000-' || lpad(to_hex(g), 12, '0'))::uuid,"
              + " 'user' || g || '@example.com', '2024-01-01 00:00:00+00'::timestamptz + g *"
              + " interval '1 hour' FROM generate_series(1, 200) g",
          "INSERT INTO permissions (code, scopes) SELECT 'perm.' || g, ARRAY['read', 'write ' || g]"
              + " FROM generate_series(1, 20) g",
          "INSERT INTO uploaded_images (file_name, content, width, height, uploaded_at) SELECT"
              + " 'img' || g || '.png', decode(md5(g::text), 'hex'), 640, 480, '2024-05-01"
              + " 10:00:00.123' FROM generate_series(1, 30) g",
          "INSERT INTO integrations (provider, settings) VALUES ('amplitude', '{\"region\": \"eu\","
              + " \"batch\": 100}'), ('braze', NULL)",
          "INSERT INTO team (user_id, manager_id, role, salary, permissions) SELECT u.id, NULL,"
              + " 'lead', 123456.7891, '{\"admin\": true}' FROM users u ORDER BY u.id LIMIT 1",
          "INSERT INTO team (user_id, manager_id, role, salary, permissions) SELECT u.id, 1,"
              + " 'member', 1000.5 + row_number() OVER (), '[]' FROM users u ORDER BY u.id OFFSET 1"
              + " LIMIT 40",
          "INSERT INTO roles (name, created_by) SELECT 'role' || g, NULL FROM generate_series(1, 5)"
              + " g",
          "INSERT INTO presentations (title, cover_image_id) SELECT 'Deck ' || g, g FROM"
              + " generate_series(1, 10) g",
          "INSERT INTO environment_configurations (integration_id, env, config) VALUES (1, 'prod',"
              + " '{}'), (2, 'staging', '{\"x\": [1,2]}')",
          "INSERT INTO migration_history (integration_id, took, log) VALUES (1, '00:01:02.5',"
              + " 'ok'), (2, '1 day 02:00:00', E'line1\\n"
              + "line2')",
          "INSERT INTO role_permissions (role_id, permission_id) SELECT r, p FROM"
              + " generate_series(1, 5) r, generate_series(1, 4) p",
          "INSERT INTO slides (presentation_id, position, body) SELECT 1 + g % 10, g, 'slide ' || g"
              + " FROM generate_series(1, 50) g",
          "INSERT INTO segments (created_by, rules, size) SELECT 1 + g % 40,"
              + " jsonb_build_object('min_age', g), g * 1000 FROM generate_series(1, 25) g",
          "INSERT INTO cohorts (created_by, name, synced_at) SELECT 1 + g % 40, 'cohort ' || g,"
              + " now() FROM generate_series(1, 15) g",
          "INSERT INTO dashboard_tiles (created_by, kind, query) SELECT 1, 'chart', 'SELECT 1' FROM"
              + " generate_series(1, 8) g",
          "INSERT INTO dashboard_configurations (team_id, layout) SELECT g, '{\"cols\": 3}' FROM"
              + " generate_series(1, 10) g",
          "INSERT INTO mailing_lists (owner_id, addresses) VALUES (1, ARRAY['a@x.org',"
              + " 'b@y.org']::email_address[])",
          "INSERT INTO scheduled_reports (presentation_id, owner_id, cron, next_run) SELECT g, 1,"
              + " '0 8 * * 1', now() FROM generate_series(1, 10) g",
          "INSERT INTO campaigns (cohort_id, owner_id, status, budget) SELECT 1 + g % 15, 1,"
              + " (ARRAY['draft','running','done'])[1 + g % 3]::campaign_status, g * 10.5 FROM"
              + " generate_series(1, 30) g",
          "INSERT INTO dashboard_tile_instances (tile_id, x, y) SELECT 1 + g % 8, g, g FROM"
              + " generate_series(1, 16) g",
          "INSERT INTO report_executions (report_id, ok, duration_ms) SELECT 1 + g % 10, g % 7 <>"
              + " 0, g * 1.25 FROM generate_series(1, 100) g",
          "INSERT INTO campaign_jobs (campaign_id, state, ran_at) SELECT 1 + g % 30, 'done', now()"
              + " FROM generate_series(1, 60) g");

  @Test
  void twentyOneTablesMoveInFiveForeignKeyLevelsWithTypesKeptExactly() throws Exception {
    Settings.Builder s = Settings.defaults().toBuilder();
    s.loadOrder = LoadOrder.DEPENDENCY_ORDER;
    s.jobs = 3;
    Ferry ferry =
        Ferry.configure()
            .source(source.spec())
            .sourceSchemas(List.of("cdp"))
            .target(target.spec())
            .targetSchema("app")
            .workspace(dir)
            .settings(s.build())
            .load();
    SourceCatalog cat = ferry.inspect().values().iterator().next();
    assertThat(cat.tables()).hasSize(21);
    ForeignKeyLevels levels = new ForeignKeyLevels(cat.tables());
    assertThat(levels.maxLevel()).isEqualTo(4);
    assertThat(levels.byLevel().get(0))
        .containsExactlyInAnyOrder(
            Arrays.stream(LEVEL0)
                .map(t -> new TableId(source.name(), "cdp", t).label())
                .toArray(String[]::new));
    assertThat(levels.level(new TableId(source.name(), "cdp", "campaign_jobs"))).isEqualTo(4);
    assertThat(levels.selfReferencing()).containsExactly(new TableId(source.name(), "cdp", "team"));

    List<String> tableOrder = new CopyOnWriteArrayList<>();
    MigrationListener listener =
        e -> {
          if (e instanceof MigrationEvent.TableFinished f && f.phase() == Phase.DATA) {
            tableOrder.add(f.table());
          }
        };
    MigrationResult r = ferry.migrate(ferry.plan(), listener, new AtomicBoolean());
    assertThat(r.status()).as(r.message() + " " + r.warnings()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(r.warnings()).isEmpty();
    // every table finished after all the tables it references
    for (var t : cat.tables()) {
      for (var fk : t.foreignKeys()) {
        if (!fk.references().equals(t.id())) {
          assertThat(tableOrder.indexOf(fk.references().name()))
              .as(t.name() + " after " + fk.references().name())
              .isLessThan(tableOrder.indexOf(t.name()));
        }
      }
    }
    assertThat(columnTypes(source, "cdp")).isEqualTo(columnTypes(target, "app"));
    assertThat(r.validation().tables())
        .hasSize(21)
        .extracting(TableValidation::status)
        .containsOnly("MATCH");
    // enum, domain, array, serial and identity columns, partial and expression indexes read back
    assertThat(r.validation().schema()).isEmpty();
    assertThat(r.validation().schemaNotes()).isEmpty();
    try (Connection c = target.connect();
        Statement st = c.createStatement()) {
      assertThat(
              strings(
                  st,
                  "SELECT indexdef FROM pg_indexes WHERE schemaname = 'app' AND indexname IN"
                      + " ('users_email_lower', 'campaigns_running') ORDER BY 1"))
          .containsExactly(
              "CREATE INDEX campaigns_running ON app.campaigns USING btree (owner_id) WHERE (status"
                  + " = 'running'::app.campaign_status)",
              "CREATE INDEX users_email_lower ON app.users USING btree (lower((email)::text))");
      assertThat(
              strings(
                  st,
                  "SELECT conname FROM pg_constraint WHERE conrelid = 'app.team'::regclass AND"
                      + " contype = 'f' ORDER BY 1"))
          .containsExactly("team_manager_id_fkey", "team_user_id_fkey");
      st.execute("INSERT INTO app.permissions (code) VALUES ('new')");
      assertThat(strings(st, "SELECT max(id)::text FROM app.permissions")).containsExactly("21");
      assertThat(strings(st, "SELECT took::text FROM app.migration_history ORDER BY id"))
          .containsExactly("00:01:02.5", "1 day 02:00:00");
      assertThat(strings(st, "SELECT addresses::text FROM app.mailing_lists"))
          .containsExactly("{a@x.org,b@y.org}");
    }
  }

  @Test
  void aLargeTableIsReadInParallelChunksFromOneSnapshot() throws Exception {
    try (Connection c = source.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE cdp.events (id bigint PRIMARY KEY, payload jsonb, at timestamptz)");
      st.execute(
          "INSERT INTO cdp.events SELECT g, jsonb_build_object('n', g), '2024-01-01'::timestamptz +"
              + " g * interval '1 second' FROM generate_series(1, 200000) g");
      st.execute("ANALYZE cdp.events");
    }
    Settings.Builder s = Settings.defaults().toBuilder();
    s.chunkRows = 40_000;
    s.jobs = 3;
    Ferry ferry =
        Ferry.configure()
            .source(source.spec())
            .sourceSchemas(List.of("cdp"))
            .target(target.spec())
            .workspace(dir)
            .settings(s.build())
            .load();
    MigrationResult r = ferry.migrate(ferry.plan(), MigrationListener.NONE, new AtomicBoolean());
    assertThat(r.status()).as(r.message()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(
            r.tables().stream()
                .filter(t -> t.target().equals("events"))
                .findFirst()
                .orElseThrow()
                .rowsLoaded())
        .isEqualTo(200_000);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("journal.db"));
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT count(*) FROM chunks WHERE target_table = 'events'")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(5);
    }
  }

  private static Map<String, String> columnTypes(TestDatabases.Scratch db, String schema)
      throws SQLException {
    Map<String, String> out = new TreeMap<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      st.execute("SET search_path = " + schema);
      try (ResultSet rs =
          st.executeQuery(
              "SELECT c.relname || '.' || a.attname, format_type(a.atttypid, a.atttypmod) ||  CASE"
                  + " WHEN a.attnotnull THEN ' not null' ELSE '' END FROM pg_attribute a JOIN"
                  + " pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid ="
                  + " c.relnamespace WHERE n.nspname = '"
                  + schema
                  + "' AND c.relkind = 'r'"
                  + " AND a.attnum > 0 AND NOT a.attisdropped")) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return out;
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
