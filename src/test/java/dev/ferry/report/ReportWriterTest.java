package dev.ferry.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.SqliteFixture;
import dev.ferry.TestDatabases;
import dev.ferry.engine.Ferry;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.core.Waiver;
import dev.ferry.engine.event.MigrationListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run report carries the schema section and the ledger in HTML, PDF and JSON. */
class ReportWriterTest {
  @TempDir Path dir;

  @Test
  void theReportHasTheSchemaSectionAndTheLedgerAndAFailedRunLooksFailed() throws Exception {
    Path db =
        SqliteFixture.create(
            dir.resolve("v.db"),
            "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)",
            "INSERT INTO items VALUES (1, 'pen')",
            "CREATE INDEX items_name ON items (name)",
            "CREATE VIEW p_items AS SELECT id FROM items WHERE name GLOB 'p*'");
    try (TestDatabases.Scratch pg = TestDatabases.postgres()) {
      Ferry ferry =
          Ferry.configure()
              .source(ConnectionSpec.sqlite(db))
              .target(pg.spec())
              .workspace(dir.resolve("ws"))
              .load();
      var plan =
          ferry
              .plan()
              .withWaivers(List.of(new Waiver("schema-rehearsal", "view p_items", "later", "dba")));
      MigrationResult r = ferry.migrate(plan, MigrationListener.NONE, new AtomicBoolean());
      assertThat(r.status()).isEqualTo(RunStatus.OBJECTS_FAILED);

      var written =
          ReportWriter.write(new RunReport(r, null, Map.of(), List.of(), Instant.now()), dir);
      String html = Files.readString(written.html());
      assertThat(html)
          .contains("<p class=\"bad\">Status <b>OBJECTS_FAILED</b>")
          .contains("<h2>Schema</h2><p>1 of " + r.ledger().size() + " planned objects are not")
          .contains("view p_items")
          .contains(": FAILED — syntax error at or near &quot;GLOB&quot;")
          .contains("<h3>Ledger</h3>")
          .contains("<td>index items_name")
          .contains("<td>CREATED</td>")
          .contains("<td>FAILED</td>");
      try (PDDocument pdf = PDDocument.load(written.pdf().toFile())) {
        assertThat(new PDFTextStripper().getText(pdf)).contains("Ledger").contains("FAILED");
      }
      JsonNode json = new ObjectMapper().readTree(written.json().toFile());
      assertThat(json.at("/result/ledger")).hasSize(r.ledger().size());
      assertThat(json.at("/result/validation/schema").isArray()).isTrue();
      assertThat(json.at("/result/status").asText()).isEqualTo("OBJECTS_FAILED");
    }
  }
}
