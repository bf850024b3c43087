package dev.ferry.engine.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.cast.Transform;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.Sessions;
import dev.ferry.engine.core.KeyDifference;
import dev.ferry.engine.core.TableValidation;
import dev.ferry.engine.core.ValidationReport;
import dev.ferry.engine.dialect.Dialect;
import dev.ferry.engine.dialect.Dialects;
import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.event.MigrationEvent;
import dev.ferry.engine.event.MigrationListener;
import dev.ferry.engine.event.Phase;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.TablePlan;
import dev.ferry.engine.rows.BadValueException;
import dev.ferry.engine.rows.CopyBatch;
import dev.ferry.engine.rows.CopyText;
import dev.ferry.engine.rows.RowSource;
import java.io.BufferedReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Compares every planned table between source and target while streaming both sides at once:
 * counts, an order-independent checksum of normalised values, per-column null counts and numeric
 * min/max/sum, and foreign-key orphans in the target. On a mismatch it walks both sides in key
 * order to name the first differing rows.
 */
public final class Validator {
  private static final int MAX_DIFFERENCES = 10;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final MigrationPlan plan;
  private final Map<String, ConnectionSpec> sources;
  private final ConnectionSpec target;
  private final Map<String, SourceCatalog> catalogs;
  private final MigrationListener listener;
  private final AtomicBoolean cancelled;
  private Map<String, List<String>> loadDigests = Map.of();

  public Validator(
      MigrationPlan plan,
      Map<String, ConnectionSpec> sources,
      ConnectionSpec target,
      Map<String, SourceCatalog> catalogs,
      MigrationListener listener,
      AtomicBoolean cancelled) {
    this.plan = plan;
    this.sources = sources;
    this.target = target;
    this.catalogs = catalogs;
    this.listener = listener;
    this.cancelled = cancelled;
  }

  /**
   * @param rejectsDir the run's reject files (rows known not to be in the target), or null
   */
  public ValidationReport validate(Path rejectsDir) throws SQLException, InterruptedException {
    return validate(rejectsDir, Map.of());
  }

  /**
   * @param loadDigests per target table, the digests its chunks committed while loading (the source
   *     side, already computed): those tables are validated by reading only the target
   */
  public ValidationReport validate(Path rejectsDir, Map<String, List<String>> loadDigests)
      throws SQLException, InterruptedException {
    this.loadDigests = loadDigests == null ? Map.of() : loadDigests;
    long t0 = System.nanoTime();
    // one validation per target table: a merged table is compared with all its sources together
    List<TablePlan> tables = new ArrayList<>(plan.targetTables());
    tables.sort((a, b) -> Long.compare(table(b).rows(), table(a).rows()));
    int jobs = Math.max(1, Math.min(plan.settings().jobs(), tables.size()));
    // one pool walks the sources, another the target: a table's two sides always run at the same
    // time
    ExecutorService pool =
        Executors.newFixedThreadPool(
            jobs, Thread.ofPlatform().name("ferry-validate-", 1).factory());
    ExecutorService targetPool =
        Executors.newFixedThreadPool(
            jobs, Thread.ofPlatform().name("ferry-validate-target-", 1).factory());
    try {
      List<Future<TableValidation>> futures = new ArrayList<>();
      for (TablePlan tp : tables) {
        futures.add(pool.submit(() -> validateTable(tp, rejectsDir, targetPool)));
      }
      List<TableValidation> out = new ArrayList<>();
      for (Future<TableValidation> f : futures) {
        out.add(get(f));
      }
      out.sort((a, b) -> a.target().compareTo(b.target()));
      return new ValidationReport(out, (System.nanoTime() - t0) / 1e9);
    } finally {
      pool.shutdownNow();
      targetPool.shutdownNow();
    }
  }

  private Table table(TablePlan tp) {
    return catalogs.get(tp.source()).table(tp.id()).orElseThrow();
  }

  private static <T> T get(Future<T> f) throws SQLException, InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof SQLException s) {
        throw s;
      }
      if (c instanceof InterruptedException i) {
        throw i;
      }
      if (c instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(c);
    }
  }

  private TableValidation validateTable(TablePlan tp, Path rejectsDir, ExecutorService pool)
      throws Exception {
    long t0 = System.nanoTime();
    Table t = table(tp);
    RowHasher hasher = new RowHasher(tp.columns());
    List<Boolean> numeric = tp.columns().stream().map(Validator::isNumeric).toList();
    AtomicLong progress = new AtomicLong();
    List<String> chunkDigests = loadDigests.get(tp.target());
    boolean fromLoad = chunkDigests != null && !chunkDigests.isEmpty();
    Future<TableDigest> targetSide = pool.submit(() -> targetDigest(tp, hasher, numeric));
    // after a load, the source side was digested as it streamed: only the target is read again
    List<TablePlan> members = plan.loadingInto(tp.target());
    TableDigest src;
    if (fromLoad) {
      src = LoadDigest.merge(tp.columns(), chunkDigests);
    } else {
      src = sourceDigest(tp, t, hasher, numeric, progress);
      for (TablePlan m : members.subList(1, members.size())) {
        src.addAll(sourceDigest(m, table(m), hasher, numeric, progress));
      }
    }
    TableDigest tgt = get(targetSide);

    long rejectedWithHash = 0;
    long rejectedHashSum = 0;
    long rejectedBefore = 0;
    Path rejectFile =
        rejectsDir == null
            ? null
            : rejectsDir.resolve(
                tp.target().replaceAll("[^\\p{L}\\p{N}_.-]", "_") + ".rejects.jsonl");
    if (rejectFile != null && Files.exists(rejectFile)) {
      try (BufferedReader r = Files.newBufferedReader(rejectFile, StandardCharsets.UTF_8)) {
        String line;
        while ((line = r.readLine()) != null) {
          JsonNode n = JSON.readTree(line);
          if (n.has("rowHash")) {
            rejectedWithHash++;
            rejectedHashSum += n.get("rowHash").asLong();
          } else {
            rejectedBefore++;
          }
        }
      }
    }
    long rejected = rejectedWithHash + rejectedBefore;
    // a load digest holds only the rows that went in; a fresh read of the source holds them all
    long expectedRows = fromLoad ? src.rows : src.rows - rejectedWithHash;
    long expectedHash = fromLoad ? src.hashSum : src.hashSum - rejectedHashSum;
    long sourceRows = fromLoad ? src.rows + rejected : src.rows;
    List<String> problems = new ArrayList<>();
    if (expectedRows != tgt.rows) {
      problems.add(
          "row count: source "
              + (fromLoad ? expectedRows + " loaded" : src.rows + "")
              + (!fromLoad && rejectedWithHash > 0 ? " − " + rejectedWithHash + " rejected" : "")
              + ", target "
              + tgt.rows);
    } else if (expectedHash != tgt.hashSum) {
      problems.add("checksum differs: same row count, different values");
    }
    if (rejected == 0) {
      compareColumns(tp, src, tgt, problems);
    }
    String status =
        problems.isEmpty() ? (rejected > 0 ? "MATCH_EXCEPT_REJECTS" : "MATCH") : "MISMATCH";
    List<KeyDifference> diffs = List.of();
    if (!problems.isEmpty() && members.size() > 1) {
      problems.add(
          "merged from "
              + members.size()
              + " source tables: differing rows are counted, not named; validate the sources one"
              + " at a time into separate tables to find them");
    } else if (!problems.isEmpty() && t.primaryKey() != null) {
      diffs = firstDifferences(tp, t, hasher);
    } else if (!problems.isEmpty()) {
      problems.add("no primary key: differing rows cannot be named, only counted");
    }
    Map<String, Long> orphans = orphans(tp);
    orphans.forEach(
        (fk, n) -> {
          if (n > 0) {
            problems.add(n + " orphan rows for foreign key " + fk);
          }
        });
    double secs = (System.nanoTime() - t0) / 1e9;
    listener.onEvent(
        new MigrationEvent.TableFinished(
            Phase.VALIDATE,
            tp.target(),
            tgt.rows,
            rejected,
            Duration.ofNanos(System.nanoTime() - t0)));
    return new TableValidation(
        String.join(" + ", members.stream().map(m -> m.id().label()).toList()),
        tp.target(),
        status,
        sourceRows,
        tgt.rows,
        rejected,
        Long.toHexString(expectedHash),
        Long.toHexString(tgt.hashSum),
        orphans,
        problems,
        diffs,
        secs);
  }

  static boolean isNumeric(ColumnPlan c) {
    return c.transform() == Transform.INTEGER
        || c.transform() == Transform.DECIMAL
        || c.transform() == Transform.PASSTHROUGH
            && c.type().matches("(?i)(smallint|integer|bigint|numeric.*|decimal.*)");
  }

  private void compareColumns(
      TablePlan tp, TableDigest src, TableDigest tgt, List<String> problems) {
    for (int i = 0; i < tp.columns().size(); i++) {
      String col = tp.columns().get(i).target();
      if (src.nulls[i] != tgt.nulls[i]) {
        problems.add(
            "column "
                + col
                + ": "
                + src.nulls[i]
                + " NULLs in the source, "
                + tgt.nulls[i]
                + " in the target");
      }
      if (!sameNumber(src.sum(i), tgt.sum(i))
          || !sameNumber(src.min(i), tgt.min(i))
          || !sameNumber(src.max(i), tgt.max(i))) {
        problems.add(
            "column "
                + col
                + ": min/max/sum "
                + src.min(i)
                + "/"
                + src.max(i)
                + "/"
                + src.sum(i)
                + " in the source, "
                + tgt.min(i)
                + "/"
                + tgt.max(i)
                + "/"
                + tgt.sum(i)
                + " in the target");
      }
    }
  }

  private static boolean sameNumber(BigDecimal a, BigDecimal b) {
    return a == null ? b == null : b != null && a.compareTo(b) == 0;
  }

  private TableDigest sourceDigest(
      TablePlan tp, Table t, RowHasher hasher, List<Boolean> numeric, AtomicLong progress)
      throws SQLException, InterruptedException {
    ConnectionSpec spec = sources.get(tp.source());
    Dialect d = Dialects.of(spec.kind());
    TableDigest digest = new TableDigest(hasher, numeric);
    try (Connection c = Sessions.openSource(spec)) {
      d.prepareForReading(c);
      String select = d.selectChunk(t, tp.columns(), null, null, null);
      try (RowSource rows = d.openRows(c, select, tp.columns(), new AtomicLong())) {
        CopyBatch batch = new CopyBatch(1 << 16, plan.settings().cleanText());
        long sinceEvent = 0;
        while (true) {
          batch.clear();
          try {
            if (!rows.next(batch)) {
              break;
            }
          } catch (BadValueException bad) {
            continue; // never loaded: it is in the reject file
          }
          digest.add(hasher, batch.buffer(), 0, batch.bytes());
          if (++sinceEvent == 50_000) {
            checkCancelled();
            listener.onEvent(
                new MigrationEvent.TableProgress(
                    Phase.VALIDATE,
                    tp.target(),
                    sinceEvent,
                    0,
                    progress.addAndGet(sinceEvent),
                    t.rows()));
            sinceEvent = 0;
          }
        }
        listener.onEvent(
            new MigrationEvent.TableProgress(
                Phase.VALIDATE,
                tp.target(),
                sinceEvent,
                0,
                progress.addAndGet(sinceEvent),
                t.rows()));
      }
    }
    return digest;
  }

  private void checkCancelled() throws InterruptedException {
    if (cancelled.get()) {
      throw new InterruptedException("cancelled");
    }
  }

  private String targetSelect(TablePlan tp, String orderBy) {
    StringBuilder sb = new StringBuilder("SELECT ");
    for (int i = 0; i < tp.columns().size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(Identifiers.quote(tp.columns().get(i).target()));
    }
    sb.append(" FROM ").append(Identifiers.qualified(plan.target().schema(), tp.target()));
    if (orderBy != null) {
      sb.append(" ORDER BY ").append(orderBy);
    }
    return sb.toString();
  }

  private TableDigest targetDigest(TablePlan tp, RowHasher hasher, List<Boolean> numeric)
      throws SQLException, InterruptedException {
    TableDigest digest = new TableDigest(hasher, numeric);
    try (Connection c = Sessions.openTarget(target, plan.target().schema())) {
      CopyOut out =
          c.unwrap(PGConnection.class)
              .getCopyAPI()
              .copyOut("COPY (" + targetSelect(tp, null) + ") TO STDOUT");
      try {
        byte[] row;
        long n = 0;
        while ((row = out.readFromCopy()) != null) {
          digest.add(hasher, row, 0, row.length);
          if (++n % 50_000 == 0) {
            checkCancelled();
          }
        }
      } finally {
        if (out.isActive()) {
          out.cancelCopy();
        }
      }
    }
    return digest;
  }

  /** Walks both sides in primary-key order and names the first rows that differ. */
  private List<KeyDifference> firstDifferences(TablePlan tp, Table t, RowHasher hasher)
      throws SQLException {
    ConnectionSpec spec = sources.get(tp.source());
    Dialect d = Dialects.of(spec.kind());
    List<String> pk = t.primaryKey().columns();
    int[] keyIdx = new int[pk.size()];
    boolean[] keyNumeric = new boolean[pk.size()];
    StringBuilder srcOrder = new StringBuilder();
    StringBuilder tgtOrder = new StringBuilder();
    for (int k = 0; k < pk.size(); k++) {
      for (int i = 0; i < tp.columns().size(); i++) {
        if (tp.columns().get(i).name().equals(pk.get(k))) {
          keyIdx[k] = i;
        }
      }
      ColumnPlan kc = tp.columns().get(keyIdx[k]);
      keyNumeric[k] = isNumeric(kc) || kc.transform() == Transform.FLOAT;
      srcOrder.append(k == 0 ? "" : ", ").append(d.quote(kc.name()));
      tgtOrder
          .append(k == 0 ? "" : ", ")
          .append(Identifiers.quote(kc.target()))
          .append(
              keyNumeric[k] || !kc.type().matches("(?i)(text|varchar.*|char.*|character.*)")
                  ? ""
                  : " COLLATE \"C\"");
    }
    List<String> names = tp.columns().stream().map(ColumnPlan::target).toList();
    List<KeyDifference> diffs = new ArrayList<>();
    try (Connection sc = Sessions.openSource(spec);
        Connection tc = Sessions.openTarget(target, plan.target().schema())) {
      d.prepareForReading(sc);
      String select = d.selectChunk(t, tp.columns(), null, null, null) + " ORDER BY " + srcOrder;
      CopyOut out =
          tc.unwrap(PGConnection.class)
              .getCopyAPI()
              .copyOut("COPY (" + targetSelect(tp, tgtOrder.toString()) + ") TO STDOUT");
      try (RowSource rows = d.openRows(sc, select, tp.columns(), new AtomicLong())) {
        CopyBatch batch = new CopyBatch(1 << 16, plan.settings().cleanText());
        List<byte[]> s = nextSource(rows, batch);
        byte[] trow = out.readFromCopy();
        List<byte[]> g = trow == null ? null : CopyText.fields(trow, 0, trow.length);
        while ((s != null || g != null) && diffs.size() < MAX_DIFFERENCES) {
          int cmp = s == null ? 1 : g == null ? -1 : compareKeys(s, g, keyIdx, keyNumeric, hasher);
          if (cmp == 0) {
            if (hasher.hash(s) != hasher.hash(g)) {
              diffs.add(
                  new KeyDifference(
                      "DIFFERENT", key(s, keyIdx, names), values(s, names), values(g, names)));
            }
            s = nextSource(rows, batch);
            trow = out.readFromCopy();
            g = trow == null ? null : CopyText.fields(trow, 0, trow.length);
          } else if (cmp < 0) {
            diffs.add(
                new KeyDifference(
                    "MISSING_IN_TARGET", key(s, keyIdx, names), values(s, names), null));
            s = nextSource(rows, batch);
          } else {
            diffs.add(
                new KeyDifference(
                    "EXTRA_IN_TARGET", key(g, keyIdx, names), null, values(g, names)));
            trow = out.readFromCopy();
            g = trow == null ? null : CopyText.fields(trow, 0, trow.length);
          }
        }
      } finally {
        if (out.isActive()) {
          out.cancelCopy();
        }
      }
    }
    return diffs;
  }

  private static List<byte[]> nextSource(RowSource rows, CopyBatch batch) throws SQLException {
    while (true) {
      batch.clear();
      try {
        return rows.next(batch) ? CopyText.fields(batch.buffer(), 0, batch.bytes()) : null;
      } catch (BadValueException e) {
        // rejected at load time; not expected in the target
      }
    }
  }

  private static int compareKeys(
      List<byte[]> a, List<byte[]> b, int[] idx, boolean[] numeric, RowHasher hasher) {
    for (int k = 0; k < idx.length; k++) {
      String x = hasher.canonical(idx[k], a.get(idx[k]));
      String y = hasher.canonical(idx[k], b.get(idx[k]));
      int c;
      if (x == null || y == null) {
        c = x == null ? (y == null ? 0 : 1) : -1;
      } else if (numeric[k]) {
        c = new BigDecimal(x).compareTo(new BigDecimal(y));
      } else {
        c =
            Arrays.compareUnsigned(
                x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8));
      }
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static Map<String, String> key(List<byte[]> f, int[] idx, List<String> names) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i : idx) {
      m.put(names.get(i), CopyText.unescape(f.get(i)));
    }
    return m;
  }

  private static Map<String, String> values(List<byte[]> f, List<String> names) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      m.put(names.get(i), i < f.size() ? CopyText.unescape(f.get(i)) : null);
    }
    return m;
  }

  /** Rows of the target table whose foreign key points at no row, for every foreign key it has. */
  private Map<String, Long> orphans(TablePlan tp) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    String sql =
        "SELECT con.conname,"
            + " (SELECT array_agg(a.attname ORDER BY k.i) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, i)"
            + "   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum),"
            + " (SELECT array_agg(a.attname ORDER BY k.i) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, i)"
            + "   JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum),"
            + " pn.nspname, pc.relname"
            + " FROM pg_constraint con JOIN pg_class pc ON pc.oid = con.confrelid JOIN pg_namespace pn ON pn.oid = pc.relnamespace"
            + " WHERE con.contype = 'f' AND con.conrelid = (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + "   WHERE n.nspname = ? AND c.relname = ?) ORDER BY 1";
    try (Connection c = Sessions.openTarget(target, plan.target().schema())) {
      List<String[]> fks = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, plan.target().schema());
        ps.setString(2, tp.target());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String[] cols = (String[]) rs.getArray(2).getArray();
            String[] refCols = (String[]) rs.getArray(3).getArray();
            fks.add(
                new String[] {
                  rs.getString(1),
                  String.join("\u0001", cols),
                  String.join("\u0001", refCols),
                  rs.getString(4),
                  rs.getString(5)
                });
          }
        }
      }
      for (String[] fk : fks) {
        String[] cols = fk[1].split("\u0001");
        String[] refCols = fk[2].split("\u0001");
        StringBuilder q =
            new StringBuilder("SELECT count(*) FROM ")
                .append(Identifiers.qualified(plan.target().schema(), tp.target()))
                .append(" c WHERE ");
        for (String col : cols) {
          q.append("c.").append(Identifiers.quote(col)).append(" IS NOT NULL AND ");
        }
        q.append("NOT EXISTS (SELECT 1 FROM ")
            .append(Identifiers.qualified(fk[3], fk[4]))
            .append(" p WHERE ");
        for (int i = 0; i < cols.length; i++) {
          q.append(i == 0 ? "" : " AND ")
              .append("p.")
              .append(Identifiers.quote(refCols[i]))
              .append(" = c.")
              .append(Identifiers.quote(cols[i]));
        }
        q.append(')');
        try (Statement st = c.createStatement();
            ResultSet rs = st.executeQuery(q.toString())) {
          rs.next();
          out.put(fk[0], rs.getLong(1));
        }
      }
    }
    return out;
  }
}
