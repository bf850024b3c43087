package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.TestDatabases;
import dev.ferry.engine.demo.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry online start | status | cutover | abort} as scripts use them: exit codes, the
 * status's JSON {@code state}, the newest run taken when no id is given, no password in output.
 */
class OnlineCliTest {
  @TempDir Path home;

  @Test
  void startWatchCutOverFromTheCommandLine() throws Exception {
    try (EmbeddedPostgres source =
            EmbeddedPostgres.start(home.resolve("pg"), Map.of("wal_level", "logical"));
        TestDatabases.Scratch pg = TestDatabases.postgres()) {
      try (Connection c = source.connection("postgres").open();
          Statement st = c.createStatement()) {
        st.execute("CREATE TABLE items (id bigserial PRIMARY KEY, name text)");
        st.execute("INSERT INTO items (name) SELECT 'i' || g FROM generate_series(1, 5000) g");
        st.execute("CREATE TABLE notes (body text)"); // no key: a BLOCKER until it has one
      }
      String ws = home.resolve("ws").toString();
      String pw = source.password().reveal();
      String[] src = {
        "--source", source.jdbcUrl("postgres"), "--source-password", pw, "--workspace", ws
      };
      String[] both = concat(src, "--target", pg.url());

      CliRun.Run blocked = CliRun.ferry("", concat(new String[] {"online", "start"}, both));
      assertThat(blocked.code()).isEqualTo(ExitCodes.BLOCKERS);
      assertThat(blocked.out()).contains("BLOCKER  public.notes: no primary key");
      try (Connection c = source.connection("postgres").open();
          Statement st = c.createStatement()) {
        st.execute("ALTER TABLE notes REPLICA IDENTITY FULL");
      }

      CliRun.Run start = CliRun.ferry("", concat(new String[] {"online", "start"}, both));
      assertThat(start.code()).as(start.err()).isZero();
      assertThat(start.out()).contains("started: 2 tables");
      assertThat(start.out() + start.err()).doesNotContain("password=" + pw);

      String state = "";
      for (int i = 0; i < 300 && !state.equals("streaming"); i++) {
        CliRun.Run status =
            CliRun.ferry(
                "",
                concat(
                    new String[] {"online", "status", "--json"},
                    "--source-password",
                    pw,
                    "--workspace",
                    ws));
        assertThat(status.code())
            .as(
                status.err()
                    + " PW="
                    + pw
                    + " RUN="
                    + java.nio.file.Files.readString(
                        java.nio.file.Files.list(Path.of(ws, "online")).findFirst().get()))
            .isZero();
        JsonNode s = new ObjectMapper().readTree(status.out());
        state = s.path("state").asText();
        Thread.sleep(200);
      }
      assertThat(state).isEqualTo("streaming");

      // no terminal to confirm that writes stopped: refused, nothing changed
      CliRun.Run unconfirmed =
          CliRun.ferry("", "online", "cutover", "--source-password", pw, "--workspace", ws);
      assertThat(unconfirmed.code()).isEqualTo(ExitCodes.REFUSED);

      CliRun.Run cutover =
          CliRun.ferry(
              "", "online", "cutover", "--yes", "--source-password", pw, "--workspace", ws);
      assertThat(cutover.code()).as(cutover.err()).isZero();
      assertThat(cutover.out())
          .contains("MATCH public.items: 5,000 rows on the source, 5,000 on the target")
          .contains("writes were stopped for ")
          .contains("… the target stands alone")
          .contains("ferry online release");
      CliRun.Run after =
          CliRun.ferry(
              "", "online", "status", "--json", "--source-password", pw, "--workspace", ws);
      JsonNode done = new ObjectMapper().readTree(after.out());
      assertThat(done.path("state").asText()).isEqualTo("done");
      assertThat(done.path("verification").asText()).startsWith("match: 2 tables");
      // Ferry stopped writes on the source and keeps them stopped until released
      try (Connection c = source.connection("postgres").open();
          Statement st = c.createStatement()) {
        assertThatThrownBy(() -> st.execute("INSERT INTO items (name) VALUES ('late')"))
            .hasMessageContaining("stopped");
      }
      // the report: the cutover as a checklist with its evidence, no password anywhere
      CliRun.Run report =
          CliRun.ferry(
              "",
              "online",
              "report",
              "--out",
              home.resolve("report").toString(),
              "--source-password",
              pw,
              "--workspace",
              ws);
      assertThat(report.code()).as(report.err()).isZero();
      String html = java.nio.file.Files.readString(home.resolve("report/online-report.html"));
      assertThat(html)
          .contains("Cutover checklist")
          .contains("by Ferry: a trigger on each table refuses")
          .contains("public.items")
          .contains("MATCH")
          .contains("Writes were stopped for ");
      assertThat(java.nio.file.Files.readString(home.resolve("report/online-report.json")))
          .contains("\"cutover\"")
          .doesNotContain(pw);
      assertThat(html).doesNotContain(pw);
      assertThat(home.resolve("report/online-report.pdf")).exists();
      CliRun.Run release =
          CliRun.ferry("", "online", "release", "--source-password", pw, "--workspace", ws);
      assertThat(release.code()).as(release.err()).isZero();
      try (Connection c = source.connection("postgres").open();
          Statement st = c.createStatement()) {
        st.execute("INSERT INTO items (name) VALUES ('after release')");
      }
      assertThat(pg.column("SELECT count(*) FROM notes")).containsExactly("0");
      assertThat(pg.column("SELECT nextval('items_id_seq')")).containsExactly("5001");

      CliRun.Run again =
          CliRun.ferry("", "online", "abort", "--yes", "--source-password", pw, "--workspace", ws);
      assertThat(again.code()).isEqualTo(ExitCodes.REFUSED); // done: nothing to abort
    }
  }

  @Test
  void twoDatabasesOfOneServerAreRefusedBeforeAnythingHangs() throws Exception {
    try (TestDatabases.Scratch a = TestDatabases.postgres();
        TestDatabases.Scratch b = TestDatabases.postgres()) {
      try (Connection c = a.connect();
          Statement st = c.createStatement()) {
        st.execute("CREATE TABLE t (id int PRIMARY KEY)");
      }
      CliRun.Run check =
          CliRun.ferry(
              "",
              "online",
              "start",
              "--check",
              "--source",
              a.url(),
              "--target",
              b.url(),
              "--workspace",
              home.resolve("ws-same").toString());
      assertThat(check.code()).isEqualTo(ExitCodes.BLOCKERS);
      assertThat(check.out())
          .contains(
              "BLOCKER  target: the source and the target are databases of the same PostgreSQL server");
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
