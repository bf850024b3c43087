package dev.ferry.engine.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The demo source: the five SQLite databases of a personal-finance app before its consolidation
 * into PostgreSQL (seed 004) — users, profiles, subscriptions, cash flow, analytics events, cache,
 * performance metrics and alerts — with the habits of real SQLite data: dates as ISO text, epoch
 * seconds and epoch milliseconds, booleans as 0/1 and 't'/'f', JSON in text, money in NUMERIC,
 * unicode names, blobs, and three table names used by two files each (analytics_events,
 * performance_metrics, system_settings). Deterministic for a given scale.
 */
public final class DemoData {
  public static final List<String> FILES =
      List.of(
          "mingus.db",
          "business_intelligence.db",
          "cache.db",
          "performance_metrics.db",
          "alerts.db");
  private static final String[] FIRST = {
    "Ana", "José", "Zoë", "Mei", "Łukasz", "Amara", "Noah", "Sofía", "Kenji", "Olu", "Ines", "Björn"
  };
  private static final String[] LAST = {
    "Silva", "Müller", "O'Brien", "Tanaka", "Nowak", "Okafor", "Smith", "García", "Dubois", "Kim"
  };
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();

  private DemoData() {}

  /** Writes the five files into {@code dir} (replacing earlier ones) and returns their paths. */
  public static List<Path> generate(Path dir, int scale) throws IOException, SQLException {
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    for (String f : FILES) {
      Path p = dir.resolve(f);
      Files.deleteIfExists(p);
      out.add(p);
    }
    Random r = new Random(4);
    int users = 250 * scale;
    mingus(out.get(0), users, scale, r);
    businessIntelligence(out.get(1), users, scale, r);
    cache(out.get(2), users, scale, r);
    performance(out.get(3), scale, r);
    alerts(out.get(4), users, scale, r);
    return out;
  }

  private static Connection open(Path p) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + p);
    c.setAutoCommit(false);
    return c;
  }

  private static void ddl(Connection c, String... statements) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }

  private static String iso(long epochSeconds) {
    return ISO.format(Instant.ofEpochSecond(epochSeconds));
  }

  private static void mingus(Path p, int users, int scale, Random r) throws SQLException {
    try (Connection c = open(p)) {
      ddl(
          c,
          "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, email VARCHAR(255) NOT NULL UNIQUE,"
              + " password_hash TEXT NOT NULL, is_active BOOLEAN NOT NULL DEFAULT 1,"
              + " created_at DATETIME DEFAULT CURRENT_TIMESTAMP, updated_at DATETIME)",
          "CREATE TABLE user_profiles (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
              + " first_name TEXT, last_name TEXT, birth_date DATE, annual_income NUMERIC(12,2), preferences JSON,"
              + " avatar BLOB)",
          "CREATE TABLE subscriptions (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id),"
              + " tier TEXT NOT NULL CHECK (tier IN ('budget', 'mid_tier', 'professional')), status TEXT DEFAULT 'active',"
              + " monthly_price REAL NOT NULL, started_at TIMESTAMP, billing_info JSON)",
          "CREATE TABLE daily_cashflow (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), day DATE NOT NULL,"
              + " opening_balance DECIMAL(12,2), closing_balance DECIMAL(12,2), net_change DECIMAL(12,2), UNIQUE (user_id, day))",
          "CREATE INDEX idx_cashflow_day ON daily_cashflow(day)",
          "CREATE TABLE analytics_events (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id), event_type TEXT NOT NULL,"
              + " event_data JSON, created_at DATETIME)",
          "CREATE INDEX idx_events_user ON analytics_events(user_id, created_at)",
          "CREATE TABLE system_settings (setting_key TEXT PRIMARY KEY, setting_value TEXT, updated_at DATETIME DEFAULT (datetime('now')))",
          "CREATE VIEW active_users AS SELECT id, email FROM users WHERE is_active = 1");
      try (PreparedStatement u = c.prepareStatement("INSERT INTO users VALUES (?, ?, ?, ?, ?, ?)");
          PreparedStatement pr =
              c.prepareStatement("INSERT INTO user_profiles VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement s =
              c.prepareStatement("INSERT INTO subscriptions VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        String[] tiers = {"budget", "mid_tier", "professional"};
        double[] prices = {15.0, 35.0, 100.0};
        for (int i = 1; i <= users; i++) {
          String first = FIRST[r.nextInt(FIRST.length)];
          String last = LAST[r.nextInt(LAST.length)];
          long created = T0 + r.nextInt(300 * 86400);
          u.setInt(1, i);
          u.setString(2, (first + "." + last + i + "@example.com").toLowerCase().replace("'", ""));
          u.setString(
              3, "$2b$12$" + Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong()));
          u.setInt(4, r.nextInt(10) == 0 ? 0 : 1);
          u.setString(5, iso(created));
          if (r.nextBoolean()) {
            u.setString(6, iso(created + r.nextInt(86400 * 30)));
          } else {
            u.setNull(6, Types.VARCHAR);
          }
          u.addBatch();
          pr.setInt(1, i);
          pr.setInt(2, i);
          pr.setString(3, first);
          pr.setString(4, last);
          pr.setString(
              5,
              LocalDate.of(1960 + r.nextInt(45), 1 + r.nextInt(12), 1 + r.nextInt(28)).toString());
          pr.setDouble(6, Math.round((25000 + r.nextDouble() * 150000) * 100) / 100.0);
          pr.setString(
              7,
              "{\"currency\": \"USD\", \"notifications\": "
                  + r.nextBoolean()
                  + ", \"goals\": [\"emergency_fund\", \"retirement\"]}");
          if (r.nextInt(4) == 0) {
            byte[] img = new byte[64];
            r.nextBytes(img);
            pr.setBytes(8, img);
          } else {
            pr.setNull(8, Types.BLOB);
          }
          pr.addBatch();
          int t = r.nextInt(3);
          s.setInt(1, i);
          s.setInt(2, i);
          s.setString(3, tiers[t]);
          s.setString(4, r.nextInt(8) == 0 ? "cancelled" : "active");
          s.setDouble(5, prices[t]);
          s.setLong(6, created); // epoch seconds in a TIMESTAMP column: the data decides
          s.setString(
              7, "{\"card\": \"**** " + (1000 + r.nextInt(9000)) + "\", \"interval\": \"month\"}");
          s.addBatch();
        }
        u.executeBatch();
        pr.executeBatch();
        s.executeBatch();
      }
      try (PreparedStatement cf =
          c.prepareStatement("INSERT INTO daily_cashflow VALUES (?, ?, ?, ?, ?, ?)")) {
        int id = 1;
        for (int i = 1; i <= users; i++) {
          double balance = 1000 + r.nextInt(5000);
          for (int d = 0; d < 8; d++) {
            double change = Math.round((r.nextDouble() * 400 - 200) * 100) / 100.0;
            cf.setInt(1, id++);
            cf.setInt(2, i);
            cf.setString(3, LocalDate.of(2024, 6, 1).plusDays(d).toString());
            cf.setString(4, String.format(Locale.ROOT, "%.2f", balance));
            cf.setString(5, String.format(Locale.ROOT, "%.2f", balance + change));
            cf.setString(6, String.format(Locale.ROOT, "%.2f", change));
            balance += change;
            cf.addBatch();
          }
        }
        cf.executeBatch();
      }
      try (PreparedStatement e =
          c.prepareStatement("INSERT INTO analytics_events VALUES (?, ?, ?, ?, ?)")) {
        String[] types = {
          "login", "view_dashboard", "add_expense", "export_report", "upgrade_click"
        };
        for (int i = 1; i <= 1500 * scale; i++) {
          e.setInt(1, i);
          e.setInt(2, 1 + r.nextInt(users));
          e.setString(3, types[r.nextInt(types.length)]);
          e.setString(4, "{\"page\": \"/dashboard\", \"ms\": " + r.nextInt(900) + "}");
          long at = T0 + r.nextInt(300 * 86400);
          if (i % 2 == 0) {
            e.setLong(
                5,
                at * 1000 + r.nextInt(1000)); // epoch milliseconds, as the mobile client wrote them
          } else {
            e.setString(5, iso(at));
          }
          e.addBatch();
        }
        e.executeBatch();
      }
      ddl(
          c,
          "INSERT INTO system_settings (setting_key, setting_value) VALUES ('currency', 'USD'), ('fiscal_year_start', '01-01'),"
              + " ('support_email', 'help@mingus.example')");
      c.commit();
    }
  }

  private static void businessIntelligence(Path p, int users, int scale, Random r)
      throws SQLException {
    try (Connection c = open(p)) {
      ddl(
          c,
          "CREATE TABLE analytics_events (event_id INTEGER PRIMARY KEY, event_name TEXT NOT NULL, user_ref INTEGER,"
              + " properties TEXT, occurred_at TEXT NOT NULL)",
          "CREATE TABLE performance_metrics (id INTEGER PRIMARY KEY, report TEXT NOT NULL, metric TEXT NOT NULL, value NUMERIC,"
              + " period_start DATE, period_end DATE)",
          "CREATE TABLE income_comparisons (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, metro_area TEXT, percentile REAL,"
              + " median_income DECIMAL(10,2), compared_at DATETIME)",
          "CREATE TABLE reports (id INTEGER PRIMARY KEY, title TEXT NOT NULL, generated_at DATETIME, pdf BLOB, is_public BOOLEAN DEFAULT 'f')");
      try (PreparedStatement e =
          c.prepareStatement("INSERT INTO analytics_events VALUES (?, ?, ?, ?, ?)")) {
        for (int i = 1; i <= 300 * scale; i++) {
          e.setInt(1, i);
          e.setString(2, r.nextBoolean() ? "cohort_refresh" : "funnel_step");
          e.setInt(3, 1 + r.nextInt(users));
          e.setString(4, "{\"step\": " + r.nextInt(5) + ", \"source\": \"bi\"}");
          e.setString(
              5,
              Instant.ofEpochSecond(T0 + r.nextInt(300 * 86400))
                  .toString()); // ISO-8601 with T and Z
          e.addBatch();
        }
        e.executeBatch();
      }
      try (PreparedStatement m =
          c.prepareStatement("INSERT INTO performance_metrics VALUES (?, ?, ?, ?, ?, ?)")) {
        for (int i = 1; i <= 200 * scale; i++) {
          m.setInt(1, i);
          m.setString(2, "weekly_kpis");
          m.setString(3, r.nextBoolean() ? "conversion_rate" : "churn_rate");
          m.setDouble(4, Math.round(r.nextDouble() * 10000) / 10000.0);
          LocalDate start = LocalDate.of(2024, 1, 1).plusWeeks(i % 52);
          m.setString(5, start.toString());
          m.setString(6, start.plusDays(6).toString());
          m.addBatch();
        }
        m.executeBatch();
      }
      try (PreparedStatement ic =
          c.prepareStatement("INSERT INTO income_comparisons VALUES (?, ?, ?, ?, ?, ?)")) {
        String[] metros = {"Atlanta", "Houston", "Washington DC", "Chicago", "New York"};
        for (int i = 1; i <= 250 * scale; i++) {
          ic.setInt(1, i);
          ic.setInt(2, 1 + r.nextInt(users));
          ic.setString(3, metros[r.nextInt(metros.length)]);
          ic.setDouble(4, r.nextInt(1000) / 10.0);
          ic.setString(5, String.format(Locale.ROOT, "%.2f", 40000 + r.nextDouble() * 60000));
          ic.setString(6, iso(T0 + r.nextInt(300 * 86400)));
          ic.addBatch();
        }
        ic.executeBatch();
      }
      try (PreparedStatement rp =
          c.prepareStatement("INSERT INTO reports VALUES (?, ?, ?, ?, ?)")) {
        for (int i = 1; i <= 20 * scale; i++) {
          rp.setInt(1, i);
          rp.setString(2, "Quarterly insight #" + i);
          rp.setString(3, iso(T0 + i * 86400L));
          byte[] pdf = new byte[256 + r.nextInt(512)];
          r.nextBytes(pdf);
          rp.setBytes(4, pdf);
          rp.setString(5, r.nextBoolean() ? "t" : "f");
          rp.addBatch();
        }
        rp.executeBatch();
      }
      c.commit();
    }
  }

  private static void cache(Path p, int users, int scale, Random r) throws SQLException {
    try (Connection c = open(p)) {
      ddl(
          c,
          "CREATE TABLE cache_entries (cache_key TEXT PRIMARY KEY, value BLOB, expires_at INTEGER, hits INTEGER DEFAULT 0)",
          "CREATE TABLE sessions (session_id TEXT PRIMARY KEY, user_id INTEGER, data JSON, last_seen INTEGER)",
          "CREATE TABLE system_settings (setting_key TEXT PRIMARY KEY, setting_value TEXT, ttl_seconds INTEGER)");
      try (PreparedStatement e =
          c.prepareStatement("INSERT INTO cache_entries VALUES (?, ?, ?, ?)")) {
        for (int i = 1; i <= 3000 * scale; i++) {
          e.setString(1, "dashboard:" + i);
          byte[] v = new byte[32 + r.nextInt(96)];
          r.nextBytes(v);
          e.setBytes(2, v);
          e.setLong(3, T0 + 400L * 86400 + r.nextInt(86400));
          e.setInt(4, r.nextInt(50));
          e.addBatch();
        }
        e.executeBatch();
      }
      try (PreparedStatement s = c.prepareStatement("INSERT INTO sessions VALUES (?, ?, ?, ?)")) {
        for (int i = 1; i <= 2675 * scale; i++) {
          s.setString(1, Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong()));
          s.setInt(2, 1 + r.nextInt(users));
          s.setString(
              3, "{\"csrf\": \"" + Integer.toHexString(r.nextInt()) + "\", \"theme\": \"dark\"}");
          s.setLong(4, T0 + r.nextInt(300 * 86400));
          s.addBatch();
        }
        s.executeBatch();
      }
      ddl(
          c,
          "INSERT INTO system_settings VALUES ('cache_backend', 'sqlite', 3600), ('max_entries', '100000', NULL), ('eviction', 'lru', 60)");
      c.commit();
    }
  }

  private static void performance(Path p, int scale, Random r) throws SQLException {
    try (Connection c = open(p)) {
      ddl(
          c,
          "CREATE TABLE performance_metrics (id INTEGER PRIMARY KEY, metric_name TEXT NOT NULL, metric_value REAL NOT NULL,"
              + " unit TEXT, recorded_at DATETIME NOT NULL)",
          "CREATE INDEX idx_perf_metric ON performance_metrics(metric_name, recorded_at)",
          "CREATE TABLE endpoint_latency (id INTEGER PRIMARY KEY, endpoint TEXT NOT NULL, p50_ms REAL, p95_ms REAL, p99_ms REAL,"
              + " sampled_at DATETIME)",
          "CREATE TABLE slow_queries (id INTEGER PRIMARY KEY, sql_text TEXT NOT NULL, duration_ms INTEGER, seen_at DATETIME)");
      try (PreparedStatement m =
          c.prepareStatement("INSERT INTO performance_metrics VALUES (?, ?, ?, ?, ?)")) {
        String[] names = {"cpu_percent", "memory_mb", "db_connections", "response_ms"};
        for (int i = 1; i <= 500 * scale; i++) {
          m.setInt(1, i);
          int k = r.nextInt(names.length);
          m.setString(2, names[k]);
          m.setDouble(3, r.nextDouble() * (k == 1 ? 4096 : 100));
          m.setString(4, k == 1 ? "MB" : k == 3 ? "ms" : null);
          m.setString(5, iso(T0 + i * 600L));
          m.addBatch();
        }
        m.executeBatch();
      }
      try (PreparedStatement l =
          c.prepareStatement("INSERT INTO endpoint_latency VALUES (?, ?, ?, ?, ?, ?)")) {
        String[] eps = {"/api/cashflow", "/api/profile", "/api/insights", "/health"};
        for (int i = 1; i <= 300 * scale; i++) {
          double p50 = 5 + r.nextDouble() * 80;
          l.setInt(1, i);
          l.setString(2, eps[r.nextInt(eps.length)]);
          l.setDouble(3, p50);
          l.setDouble(4, p50 * 2.5);
          l.setDouble(5, p50 * 4.1);
          l.setDouble(
              6,
              2440587.5
                  + (T0 + i * 3600L)
                      / 86400.0); // Julian day numbers, as julianday('now') stores them
          l.addBatch();
        }
        l.executeBatch();
      }
      try (PreparedStatement q =
          c.prepareStatement("INSERT INTO slow_queries VALUES (?, ?, ?, ?)")) {
        for (int i = 1; i <= 92 * scale; i++) {
          q.setInt(1, i);
          q.setString(
              2,
              "SELECT *\nFROM daily_cashflow\nWHERE user_id = "
                  + r.nextInt(users(scale))
                  + "\tORDER BY day");
          q.setInt(3, 200 + r.nextInt(4000));
          q.setString(4, iso(T0 + i * 7200L));
          q.addBatch();
        }
        q.executeBatch();
      }
      c.commit();
    }
  }

  private static int users(int scale) {
    return 250 * scale;
  }

  private static void alerts(Path p, int users, int scale, Random r) throws SQLException {
    try (Connection c = open(p)) {
      ddl(
          c,
          "CREATE TABLE alert_rules (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, threshold REAL, enabled BOOLEAN DEFAULT 1)",
          "CREATE TABLE alerts (id INTEGER PRIMARY KEY, rule_id INTEGER NOT NULL REFERENCES alert_rules(id), user_id INTEGER,"
              + " severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')), message TEXT NOT NULL,"
              + " acknowledged BOOLEAN NOT NULL DEFAULT 'f', created_at DATETIME NOT NULL)",
          "CREATE INDEX idx_alerts_open ON alerts(created_at) WHERE acknowledged = 'f'",
          "CREATE TABLE alert_history (id INTEGER PRIMARY KEY, alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,"
              + " changed_at DATETIME, note TEXT)",
          "CREATE TABLE notification_channels (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, target TEXT NOT NULL, verified BOOLEAN)");
      ddl(
          c,
          "INSERT INTO alert_rules VALUES (1, 'low_balance', 100.0, 1), (2, 'large_expense', 1000.0, 1),"
              + " (3, 'bill_due', NULL, 1), (4, 'unusual_login', NULL, 0)");
      try (PreparedStatement a =
              c.prepareStatement("INSERT INTO alerts VALUES (?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement h =
              c.prepareStatement("INSERT INTO alert_history VALUES (?, ?, ?, ?)")) {
        String[] sev = {"info", "warning", "critical"};
        for (int i = 1; i <= 300 * scale; i++) {
          a.setInt(1, i);
          a.setInt(2, 1 + r.nextInt(4));
          a.setInt(3, 1 + r.nextInt(users));
          a.setString(4, sev[r.nextInt(3)]);
          a.setString(
              5, "Balance for “Everyday” account is below $" + (50 + r.nextInt(100)) + " ⚠");
          a.setString(6, r.nextBoolean() ? "t" : "f");
          a.setString(7, iso(T0 + r.nextInt(300 * 86400)));
          a.addBatch();
          h.setInt(1, i);
          h.setInt(2, i);
          h.setString(3, iso(T0 + 86400L + r.nextInt(300 * 86400)));
          h.setString(4, r.nextBoolean() ? "seen" : null);
          h.addBatch();
        }
        a.executeBatch();
        h.executeBatch();
      }
      ddl(
          c,
          "INSERT INTO notification_channels VALUES (1, 'email', 'ops@mingus.example', 1), (2, 'webhook', 'https://hooks.example/alerts', 0),"
              + " (3, 'slack', '#finance-alerts', NULL)");
      c.commit();
    }
  }
}
