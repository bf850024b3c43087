package dev.ferry.engine.assess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.catalog.TableId;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.DatabaseKind;
import dev.ferry.engine.dialect.Dialect;
import dev.ferry.engine.dialect.Dialects;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.Planner;
import dev.ferry.engine.plan.Settings;
import dev.ferry.engine.plan.SourceRef;
import dev.ferry.engine.plan.TargetRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's pre-flight reads a SQLite source without its tables' sizes (SQLite's {@code dbstat} reads
 * every page of the file): the free-space check counts the file's pages in use as what the tables
 * take at most, and measures the tables only when that bound would not fit; the verdict is the one
 * exact sizes give.
 */
class FreeSpaceTest {
  @TempDir Path dir;
  private ConnectionSpec spec;
  private final Dialect sqlite = Dialects.of(DatabaseKind.SQLITE);

  @BeforeEach
  void file() throws Exception {
    Path file = dir.resolve("shop.db");
    spec = ConnectionSpec.sqlite(file);
    try (Connection c = spec.open();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, note TEXT, pic BLOB)");
      st.execute("CREATE INDEX items_note ON items (note)");
      st.execute("CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT)");
      st.execute(
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)"
              + " INSERT INTO items SELECT i, printf('note %d', i), randomblob(300) FROM n");
      st.execute(
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)"
              + " INSERT INTO tags SELECT i, printf('tag %d', i) FROM n");
      // free pages: a bound counts only the pages in use
      st.execute("CREATE TABLE gone AS SELECT * FROM items");
      st.execute("DROP TABLE gone");
    }
  }

  private AssessmentContext context(Connection c, SourceCatalog catalog) throws Exception {
    MigrationPlan plan =
        Planner.plan(
            List.of(
                new Planner.Source(
                    new SourceRef("shop", spec.url(), List.of()), catalog, sqlite, c, spec)),
            new TargetRef(null, "public"),
            Settings.defaults());
    return new AssessmentContext(
        plan,
        Map.of("shop", catalog),
        Map.of("shop", sqlite),
        Map.of("shop", c),
        Map.of("shop", spec),
        null);
  }

  @Test
  void forTheLoadSizesStayUnknownAndAreMeasuredOnRequest() throws Exception {
    try (Connection c = spec.open()) {
      SourceCatalog full = sqlite.introspect(c, "shop", List.of());
      SourceCatalog forLoad = sqlite.introspectForLoad(c, "shop", List.of());
      assertThat(full.tables()).allSatisfy(t -> assertThat(t.sizeBytes()).isPositive());
      assertThat(forLoad.tables()).allSatisfy(t -> assertThat(t.sizeBytes()).isEqualTo(-1));
      assertThat(forLoad.tables())
          .as("everything else is read as for an assessment")
          .extracting(Table::rows)
          .containsExactlyElementsOf(full.tables().stream().map(Table::rows).toList());
      Map<TableId, Long> exact =
          full.tables().stream().collect(Collectors.toMap(Table::id, Table::sizeBytes));
      assertThat(sqlite.tableSizes(c, forLoad)).isEqualTo(exact);
      long sum = exact.values().stream().mapToLong(Long::longValue).sum();
      long bound = sqlite.storedBytesAtMost(c);
      assertThat(bound)
          .as("pages in use: the tables, their index and the schema, not the free pages")
          .isGreaterThan(sum)
          .isLessThan(Files.size(dir.resolve("shop.db")));
    }
  }

  @Test
  void theBoundDecidesWhenItFitsAndExactSizesWhenItDoesNot() throws Exception {
    try (Connection c = spec.open()) {
      SourceCatalog full = sqlite.introspect(c, "shop", List.of());
      long exact = full.tables().stream().mapToLong(Table::sizeBytes).sum();
      long bound = sqlite.storedBytesAtMost(c);
      AssessmentContext forLoad = context(c, sqlite.introspectForLoad(c, "shop", List.of()));

      ReadinessCheck.SourceBytes plenty = ReadinessCheck.need(forLoad, Long.MAX_VALUE);
      assertThat(plenty).isEqualTo(new ReadinessCheck.SourceBytes(bound, true));
      assertThat(ReadinessCheck.need(forLoad, -1))
          .as("free space not measured: the bound is stated")
          .isEqualTo(new ReadinessCheck.SourceBytes(bound, true));
      assertThat(ReadinessCheck.need(forLoad, bound * 2 - 1))
          .as("the bound does not fit: the tables are measured")
          .isEqualTo(new ReadinessCheck.SourceBytes(exact, false));
      assertThat(ReadinessCheck.need(context(c, full), 1))
          .as("an assessment's catalog has its sizes")
          .isEqualTo(new ReadinessCheck.SourceBytes(exact, false));
    }
  }

  @Test
  void findingsSayWhetherTheNeedIsExactOrAnUpperBound() {
    Path data = Path.of("/var/lib/postgresql");
    long mb = 1024 * 1024;
    ReadinessCheck.SourceBytes bounded = new ReadinessCheck.SourceBytes(300 * mb, true);
    ReadinessCheck.SourceBytes exact = new ReadinessCheck.SourceBytes(300 * mb, false);

    Finding unmeasured = ReadinessCheck.freeSpaceFinding(-1, null, bounded);
    assertThat(unmeasured.severity()).isEqualTo(Severity.INFO);
    assertThat(unmeasured.message())
        .contains("not measured")
        .contains("the load needs at most 600 MB (twice the sources' 300 MB, their files' pages");

    Finding fits = ReadinessCheck.freeSpaceFinding(600 * mb, data, bounded);
    assertThat(fits.severity()).isEqualTo(Severity.INFO);
    assertThat(fits.message()).startsWith("600 MB free on the disk of /var/lib/postgresql");
    assertThat(fits.remedy()).isNull();

    Finding tight = ReadinessCheck.freeSpaceFinding(599 * mb, data, exact);
    assertThat(tight.severity()).isEqualTo(Severity.WARNING);
    assertThat(tight.message()).contains("the load needs about 600 MB (twice the sources' 300 MB:");

    assertThat(ReadinessCheck.freeSpaceFinding(299 * mb, data, exact).severity())
        .isEqualTo(Severity.BLOCKER);
  }
}
