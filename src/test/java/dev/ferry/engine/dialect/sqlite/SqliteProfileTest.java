package dev.ferry.engine.dialect.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.cast.ColumnProfile;
import dev.ferry.engine.catalog.Table;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profile's one scan reads only what the plan uses per column, and what it reads is exact:
 * storage classes of every column (text and nulls derived from the others), number ranges where a
 * date/time rule may apply, the longest text where a length is declared.
 */
class SqliteProfileTest {
  @TempDir Path dir;
  private final SqliteDialect d = new SqliteDialect();

  private Connection open(String file) throws java.sql.SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(file));
  }

  /** {@code insert} run over {@code n(i)}, i from 1 to {@code n}. */
  private static String numbered(long n, String insert) {
    return "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
        + n
        + ") "
        + insert;
  }

  /** The profiles of a table's slices, merged. */
  private Map<String, ColumnProfile> inSlices(Connection c, Table t, List<String> slices)
      throws java.sql.SQLException {
    Map<String, ColumnProfile> merged = new java.util.LinkedHashMap<>();
    for (String slice : slices) {
      d.profile(c, t, t.columns(), slice)
          .forEach((k, v) -> merged.merge(k, v, ColumnProfile::merge));
    }
    return merged;
  }

  @Test
  void countsEveryStorageClassAndReadsRangesAndLengthsOnlyWhereThePlanUsesThem() throws Exception {
    try (Connection c = open("p.db");
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE t (id INTEGER PRIMARY KEY, code VARCHAR(5), amount NUMERIC,"
              + " seen DATETIME, note TEXT)");
      st.execute(
          "INSERT INTO t (code, amount, seen, note) VALUES"
              + " ('abc', 1, 1650000000, 'x'),"
              + " ('abcdefg', 2.5, 1650000000.5, 'yy'),"
              + " ('é', 'n/a', '2024-01-02 03:04:05', NULL),"
              + " (NULL, x'00ff', -5, x'01'),"
              + " (7, NULL, NULL, 3.25)");
      Table t = d.introspect(c, "p", List.of()).tables().get(0);
      Map<String, ColumnProfile> p = d.profile(c, t, t.columns());

      ColumnProfile code = p.get("code");
      assertThat(List.of(code.rows(), code.nulls(), code.integers(), code.reals(), code.texts()))
          .as("TEXT affinity: the 7 is stored as text")
          .containsExactly(5L, 1L, 0L, 0L, 4L);
      assertThat(code.blobs()).isZero();
      assertThat(code.maxLength()).as("declared length: longest text measured").isEqualTo(7);
      assertThat(code.minInteger()).as("no date/time rule for varchar: no ranges").isNull();

      ColumnProfile amount = p.get("amount");
      assertThat(List.of(amount.nulls(), amount.integers(), amount.reals(), amount.texts()))
          .containsExactly(1L, 1L, 1L, 1L);
      assertThat(amount.blobs()).isEqualTo(1);
      assertThat(amount.maxLength()).as("no declared length: not measured").isZero();

      ColumnProfile seen = p.get("seen");
      assertThat(List.of(seen.nulls(), seen.integers(), seen.reals(), seen.texts()))
          .containsExactly(1L, 2L, 1L, 1L);
      assertThat(seen.minInteger()).isEqualTo(-5L);
      assertThat(seen.maxInteger()).isEqualTo(1650000000L);
      assertThat(seen.minReal()).isEqualTo(1650000000.5);
      assertThat(seen.maxReal()).isEqualTo(1650000000.5);

      ColumnProfile note = p.get("note");
      assertThat(List.of(note.nulls(), note.integers(), note.reals(), note.texts(), note.blobs()))
          .containsExactly(1L, 0L, 0L, 3L, 1L);

      // the counts come packed in one sum per column: the same as counted one by one
      assertThat(p).isEqualTo(d.profile(c, t, t.columns(), "", 0));
      // a column with as many values as a packed count holds is read again unpacked
      assertThat(d.profile(c, t, t.columns(), "", 5)).as("id has 5 values").isNull();
      assertThat(d.profile(c, t, t.columns(), "", 6)).isEqualTo(p);
    }
  }

  @Test
  void aScanOfMoreBlobsThanAPackedCountHoldsIsReadAgainUnpacked() throws Exception {
    try (Connection c = open("blobs.db");
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE b (v BLOB)");
      long n = SqliteDialect.PACKED_BELOW + 3;
      st.execute(numbered(n, "INSERT INTO b SELECT CASE WHEN i <= 3 THEN 7 ELSE x'00' END FROM n"));
      Table t = d.introspect(c, "blobs", List.of()).tables().get(0);
      // as one slice of a table (the whole-table case skips packing): 2^21 blobs overflow the sum
      ColumnProfile v = d.profile(c, t, t.columns(), " WHERE rowid > 0").get("v");
      assertThat(List.of(v.rows(), v.integers(), v.blobs()))
          .containsExactly(n, 3L, SqliteDialect.PACKED_BELOW);
      assertThat(d.profile(c, t, t.columns()).get("v")).isEqualTo(v);
    }
  }

  @Test
  void aLargeTableProfiledInSlicesGivesTheProfileOfOneScan() throws Exception {
    try (Connection c = open("big.db");
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, seen DATETIME, code VARCHAR(9))");
      // rowids from negative to large with gaps; every storage class somewhere
      st.execute(
          numbered(150000, "INSERT INTO t SELECT i * 7 - 300000,")
              + " CASE i % 5 WHEN 0 THEN NULL WHEN 1 THEN 1650000000 + i WHEN 2 THEN i + 0.5"
              + " WHEN 3 THEN '2024-01-01' ELSE x'00' END,"
              + " substr('abcdefghi', 1, 1 + i % 9) FROM n");
      st.execute("CREATE TABLE w (k TEXT PRIMARY KEY, seen DATETIME) WITHOUT ROWID");
      st.execute(numbered(120000, "INSERT INTO w SELECT 'k' || i, i FROM n"));
      var catalog = d.introspect(c, "big", List.of());
      Table t = catalog.tables().stream().filter(x -> x.name().equals("t")).findFirst().get();
      Table w = catalog.tables().stream().filter(x -> x.name().equals("w")).findFirst().get();

      List<String> slices = d.profileSlices(c, t, 3);
      assertThat(slices).hasSize(3);
      Map<String, ColumnProfile> merged = inSlices(c, t, slices);
      assertThat(merged).isEqualTo(d.profile(c, t, t.columns()));
      assertThat(merged.get("seen").rows()).isEqualTo(150000);
      assertThat(merged.get("seen").minInteger()).isEqualTo(1650000001L);
      assertThat(merged.get("code").maxLength()).isEqualTo(9);

      assertThat(d.profileSlices(c, w, 3)).as("WITHOUT ROWID: one scan").containsExactly("");
      // a generated column named rowid (left out of the catalog) would be what rowid means
      st.execute(
          "CREATE TABLE g (id INTEGER PRIMARY KEY, v INTEGER,"
              + " rowid INTEGER GENERATED ALWAYS AS (CASE WHEN v > 5 THEN v END) VIRTUAL)");
      st.execute(numbered(120000, "INSERT INTO g (id, v) SELECT i, i % 10 FROM n"));
      Table g =
          d.introspect(c, "big", List.of()).tables().stream()
              .filter(x -> x.name().equals("g"))
              .findFirst()
              .get();
      assertThat(d.profileSlices(c, g, 3)).as("rowid hidden by a column").containsExactly("");
      // and the load splits it on a name of the rowid no column hides (or not at all)
      assertThat(g.splitKey()).isEqualTo("_rowid_");
      assertThat(t.splitKey()).isEqualTo("rowid");
      st.execute("CREATE TABLE h (rowid TEXT, _ROWID_ TEXT, oid TEXT)");
      Table h =
          d.introspect(c, "big", List.of()).tables().stream()
              .filter(x -> x.name().equals("h"))
              .findFirst()
              .get();
      assertThat(h.splitKey()).isNull();
      assertThat(d.profileSlices(c, t, 1)).containsExactly("");
      // a table of more rows than a packed count holds is read in slices small enough for it
      Table huge =
          new Table(
              t.id(),
              t.columns(),
              t.primaryKey(),
              t.uniqueKeys(),
              t.indexes(),
              t.foreignKeys(),
              t.checks(),
              5 * SqliteDialect.PACKED_SLICE_ROWS,
              -1,
              0,
              t.splitKey());
      List<String> many = d.profileSlices(c, huge, 2);
      assertThat(many).hasSize(6);
      assertThat(inSlices(c, t, many)).isEqualTo(merged);
    }
  }
}
