package dev.ferry.engine.dialect.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.ScratchDatabases;
import dev.ferry.engine.cast.NumericTime;
import dev.ferry.engine.cast.Transform;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every default form real SQLite files carry, translated for the column's target type and then
 * evaluated by the real PostgreSQL (a row inserted with DEFAULT VALUES, its value checked), or left
 * out with the reason. The session runs in UTC+14, so local time and SQLite's UTC 'now' differ.
 */
class SqliteDefaultsTest {
  @RegisterExtension final ScratchDatabases databases = new ScratchDatabases();

  /** A default, the column it is on, and a predicate over the inserted value {@code c}. */
  private record Case(String sqlite, Transform transform, String type, String holds) {}

  /** A default that is left out, and what its reason says. */
  private record Dropped(String sqlite, Transform transform, String type, String reason) {}

  private static final String NEAR_NOW = "abs(extract(epoch FROM c - %s)) < 120";

  private static Optional<String> translate(
      String sqlite, Transform t, String type, List<String> u) {
    return SqliteDefaults.translate(sqlite, t, type, NumericTime.EPOCH_SECONDS, u);
  }

  @Test
  void everyDefaultFormBecomesTheValueSqliteWouldStoreOrIsLeftOutWithTheReason()
      throws SQLException {
    List<Case> cases =
        List.of(
            // quoted, doubly quoted and parenthesised literals
            new Case("'x'", Transform.TEXT, "text", "c = 'x'"),
            new Case("\"x\"", Transform.TEXT, "text", "c = 'x'"),
            new Case("('x')", Transform.TEXT, "varchar(5)", "c = 'x'"),
            new Case("'it''s'", Transform.TEXT, "text", "c = 'it''s'"),
            // on a text column 'NULL' is the text SQLite stores
            new Case("'NULL'", Transform.TEXT, "text", "c = 'NULL'"),
            // numbers: negative, on text columns, numeric text on number columns, hex
            new Case("-1", Transform.INTEGER, "bigint", "c = -1"),
            new Case("(-1.5)", Transform.FLOAT, "double precision", "c = -1.5"),
            new Case("- 2", Transform.DECIMAL, "numeric", "c = -2"),
            new Case("42", Transform.TEXT, "text", "c = '42'"),
            new Case("1.50", Transform.TEXT, "text", "c = '1.5'"),
            new Case("'7'", Transform.INTEGER, "bigint", "c = 7"),
            new Case("'1.0'", Transform.INTEGER, "bigint", "c = 1"),
            new Case("0x10", Transform.INTEGER, "bigint", "c = 16"),
            new Case("TRUE", Transform.INTEGER, "bigint", "c = 1"),
            // booleans
            new Case("TRUE", Transform.BOOLEAN, "boolean", "c"),
            new Case("'true'", Transform.BOOLEAN, "boolean", "c"),
            new Case("'yes'", Transform.BOOLEAN, "boolean", "c"),
            new Case("1", Transform.BOOLEAN, "boolean", "c"),
            new Case("0", Transform.BOOLEAN, "boolean", "NOT c"),
            new Case("'f'", Transform.BOOLEAN, "boolean", "NOT c"),
            // blobs
            new Case("X'00FF'", Transform.BYTEA, "bytea", "c = '\\x00ff'::bytea"),
            new Case("'abc'", Transform.BYTEA, "bytea", "c = 'abc'::bytea"),
            new Case("x'41'", Transform.TEXT, "text", "c = 'A'"),
            // dates and times as values
            new Case(
                "'2024-03-01 10:00:00'",
                Transform.TIMESTAMPTZ,
                "timestamptz",
                "c = '2024-03-01 10:00:00+00'"),
            new Case("0", Transform.TIMESTAMPTZ, "timestamptz", "c = '1970-01-01 00:00:00+00'"),
            new Case("'86400'", Transform.DATE, "date", "c = '1970-01-02'"),
            new Case("'10:20'", Transform.TIME, "time", "c = '10:20:00'"),
            new Case("'{\"a\": 1}'", Transform.JSON, "jsonb", "c = '{\"a\": 1}'::jsonb"),
            // SQLite's date functions and keywords, by target type
            new Case(
                "CURRENT_TIMESTAMP",
                Transform.TIMESTAMPTZ,
                "timestamptz",
                NEAR_NOW.formatted("now()")),
            new Case(
                "(datetime('now'))",
                Transform.TIMESTAMP,
                "timestamp",
                NEAR_NOW.formatted("(now() AT TIME ZONE 'UTC')")),
            new Case(
                "(datetime('now','localtime'))",
                Transform.TIMESTAMP,
                "timestamp",
                NEAR_NOW.formatted("LOCALTIMESTAMP")),
            new Case(
                "datetime('now', 'localtime')",
                Transform.TIMESTAMPTZ,
                "timestamptz",
                NEAR_NOW.formatted("(LOCALTIMESTAMP AT TIME ZONE 'UTC')")),
            new Case(
                "(strftime('%s','now'))",
                Transform.INTEGER, "bigint", "abs(c - extract(epoch FROM now())) < 120"),
            new Case(
                "strftime('%Y-%m-%d %H:%M:%S','now')",
                Transform.TEXT,
                "text",
                "c = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') OR c ~"
                    + " '^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$'"),
            new Case(
                "strftime('%Y-%m-%d %H:%M:%S','now')",
                Transform.TIMESTAMPTZ, "timestamptz", NEAR_NOW.formatted("now()")),
            new Case(
                "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
                Transform.TEXT,
                "text",
                "c ~ '^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$'"),
            new Case(
                "strftime('%Y', 'now')",
                Transform.INTEGER, "bigint", "c = extract(year FROM now() AT TIME ZONE 'UTC')"),
            new Case(
                "(date('now'))", Transform.DATE, "date", "c = (now() AT TIME ZONE 'UTC')::date"),
            new Case("date('now','localtime')", Transform.DATE, "date", "c = CURRENT_DATE"),
            new Case(
                "date('now')",
                Transform.TEXT,
                "text",
                "c = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD')"),
            new Case("time('now')", Transform.TEXT, "text", "c ~ '^\\d\\d:\\d\\d:\\d\\d$'"),
            new Case(
                "CURRENT_DATE",
                Transform.TEXT,
                "text",
                "c = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD')"),
            new Case(
                "CURRENT_TIME",
                Transform.TIME,
                "time",
                "abs(extract(epoch FROM c - (now() AT TIME ZONE 'UTC')::time)) < 120"),
            new Case(
                "CURRENT_TIMESTAMP",
                Transform.INTEGER,
                "bigint",
                "abs(c - extract(epoch FROM now())) < 120"),
            new Case(
                "datetime('now', '+1 day', 'start of day')",
                Transform.TEXT,
                "text",
                "c = to_char((now() AT TIME ZONE 'UTC')::date + 1, 'YYYY-MM-DD') || ' 00:00:00'"),
            new Case(
                "datetime('now', '-2 hours')",
                Transform.TIMESTAMPTZ,
                "timestamptz",
                NEAR_NOW.formatted("(now() - interval '2 hours')")),
            new Case(
                "julianday('now')",
                Transform.FLOAT,
                "double precision",
                "abs(c - (extract(epoch FROM now()) / 86400 + 2440587.5)) < 0.01"),
            new Case(
                "unixepoch('now')",
                Transform.TEXT,
                "text",
                "abs(c::bigint - extract(epoch FROM now())) < 120"),
            new Case("lower(hex(randomblob(16)))", Transform.TEXT, "text", "c ~ '^[0-9a-f]{32}$'"));
    SoftAssertions softly = new SoftAssertions();
    try (Connection c = databases.postgres().connect();
        Statement st = c.createStatement()) {
      st.execute("SET TimeZone = 'Pacific/Kiritimati'");
      for (Case k : cases) {
        List<String> untranslated = new ArrayList<>();
        Optional<String> pg = translate(k.sqlite(), k.transform(), k.type(), untranslated);
        softly.assertThat(untranslated).as(k.sqlite() + " on " + k.type()).isEmpty();
        if (pg.isEmpty()) {
          continue;
        }
        st.execute("DROP TABLE IF EXISTS d");
        st.execute("CREATE TABLE d (id int, c " + k.type() + " DEFAULT " + pg.get() + ")");
        st.execute("INSERT INTO d (id) VALUES (1)");
        try (ResultSet rs =
            st.executeQuery("SELECT (" + k.holds() + ")::boolean, c::text FROM d")) {
          rs.next();
          softly
              .assertThat(rs.getBoolean(1))
              .as(k.sqlite() + " on " + k.type() + " → " + pg.get() + " gave " + rs.getString(2))
              .isTrue();
        }
      }
    }
    softly.assertAll();
  }

  @Test
  void aDefaultThatCannotBeTheColumnsValueIsLeftOutWithTheReason() {
    List<Dropped> cases =
        List.of(
            new Dropped("'NULL'", Transform.INTEGER, "bigint", "the text 'NULL', not NULL"),
            new Dropped("'NULL'", Transform.BOOLEAN, "boolean", "not NULL"),
            new Dropped("'abc'", Transform.INTEGER, "bigint", "'abc' is not an integer"),
            new Dropped("1.5", Transform.INTEGER, "bigint", "is not an integer"),
            new Dropped("'n/a'", Transform.DECIMAL, "numeric", "is not a number"),
            new Dropped("'maybe'", Transform.BOOLEAN, "boolean", "not a boolean"),
            new Dropped("2", Transform.BOOLEAN, "boolean", "not a boolean"),
            new Dropped("'soon'", Transform.TIMESTAMPTZ, "timestamptz", "not an ISO-8601"),
            new Dropped("'noon'", Transform.TIME, "time", "not a time of day"),
            new Dropped("'{oops'", Transform.JSON, "jsonb", "is not JSON"),
            new Dropped("X'00'", Transform.TEXT, "text", "is not text"),
            new Dropped(
                "(random())",
                Transform.INTEGER,
                "bigint",
                "random() is a function Ferry does not translate"),
            new Dropped("(1 + 1)", Transform.INTEGER, "bigint", "does not translate"),
            new Dropped(
                "datetime('now', 'weekday 1')",
                Transform.TIMESTAMPTZ,
                "timestamptz",
                "'weekday 1'"),
            new Dropped("datetime('2020-01-01')", Transform.TEXT, "text", "only 'now'"),
            new Dropped("date('now')", Transform.BOOLEAN, "boolean", "boolean column"),
            new Dropped("time('now')", Transform.TIMESTAMPTZ, "timestamptz", "not a timestamptz"),
            new Dropped("strftime('%W', 'now')", Transform.TEXT, "text", "%W"),
            new Dropped("julianday('now')", Transform.INTEGER, "bigint", "not an integer"));
    SoftAssertions softly = new SoftAssertions();
    for (Dropped k : cases) {
      List<String> untranslated = new ArrayList<>();
      softly
          .assertThat(translate(k.sqlite(), k.transform(), k.type(), untranslated))
          .as(k.sqlite() + " on " + k.type())
          .isEmpty();
      softly
          .assertThat(untranslated)
          .as(k.sqlite() + " on " + k.type())
          .singleElement()
          .satisfies(u -> assertThat(u).startsWith(k.sqlite()).contains(k.reason()));
    }
    softly.assertAll();
  }

  @Test
  void nullIsNoDefaultAndNothingIsDropped() {
    List<String> untranslated = new ArrayList<>();
    assertThat(translate("NULL", Transform.INTEGER, "bigint", untranslated)).isEmpty();
    assertThat(translate("(null)", Transform.TEXT, "text", untranslated)).isEmpty();
    assertThat(untranslated).isEmpty();
  }

  @Test
  void translationsReadAsADbaWouldWriteThem() {
    List<String> u = new ArrayList<>();
    assertThat(translate("CURRENT_TIMESTAMP", Transform.TIMESTAMPTZ, "timestamptz", u))
        .contains("CURRENT_TIMESTAMP");
    assertThat(translate("datetime('now','localtime')", Transform.TIMESTAMP, "timestamp", u))
        .contains("LOCALTIMESTAMP");
    assertThat(translate("date('now','localtime')", Transform.DATE, "date", u))
        .contains("CURRENT_DATE");
    assertThat(translate("strftime('%s','now')", Transform.INTEGER, "bigint", u))
        .contains("floor(extract(epoch FROM now()))::bigint");
    assertThat(translate("'true'", Transform.BOOLEAN, "boolean", u)).contains("true");
    assertThat(u).isEmpty();
  }
}
