package dev.ferry.engine.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.cast.Transform;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.Sessions;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.KeyDifference;
import dev.ferry.engine.core.RejectFiles;
import dev.ferry.engine.core.TableValidation;
import dev.ferry.engine.core.ValidationReport;
import dev.ferry.engine.core.Workers;
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
import dev.ferry.engine.rows.RowSource;
import java.io.BufferedReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
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
  static final int MAX_DIFFERENCES = 10;
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
    ExecutorService pool = Workers.pool("ferry-validate", jobs);
    ExecutorService targetPool = Workers.pool("ferry-validate-target", jobs);
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
      throw Workers.rethrow(e, IllegalStateException::new);
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
    long sourceCount = -1;
    if (fromLoad) {
      src = LoadDigest.merge(tp.columns(), chunkDigests);
      // what the load read is not evidence of what the source holds: count the source itself
      sourceCount = 0;
      for (TablePlan m : members) {
        sourceCount += countSource(m, table(m));
      }
    } else {
      src = sourceDigest(tp, t, hasher, numeric, progress);
      for (TablePlan m : members.subList(1, members.size())) {
        src.addAll(sourceDigest(m, table(m), hasher, numeric, progress));
      }
    }
    TableDigest tgt;
    try {
      tgt = get(targetSide);
    } catch (SQLException e) {
      if (e.getSQLState() == null || !e.getSQLState().startsWith("42")) {
        throw e;
      }
      // the target table is not the one planned (a column dropped, a type changed): its rows
      // cannot be compared, and the schema section says what differs
      return new TableValidation(
          String.join(" + ", members.stream().map(m -> m.id().label()).toList()),
          tp.target(),
          "MISMATCH",
          fromLoad ? sourceCount : src.rows + src.unreadable,
          0,
          0,
          Long.toHexString(src.hashSum),
          "",
          Map.of(),
          List.of("its rows cannot be read as planned: " + FerryException.describe(e)),
          List.of(),
          (System.nanoTime() - t0) / 1e9,
          0,
          List.of());
    }

    long rejectedWithHash = 0;
    long rejectedHashSum = 0;
    long rejectedBefore = 0;
    Path rejectFile =
        rejectsDir == null ? null : rejectsDir.resolve(RejectFiles.fileName(tp.target()));
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
    // a load digest holds only the rows that went in; a fresh read of the source holds them all,
    // also those that cannot be read as their target types: each must be in the reject file
    long unaccounted = fromLoad ? 0 : Math.max(0, src.unreadable - rejectedBefore);
    long expectedRows = fromLoad ? src.rows : src.rows - rejectedWithHash;
    long expectedHash = fromLoad ? src.hashSum : src.hashSum - rejectedHashSum;
    long sourceRows = fromLoad ? src.rows + rejected : src.rows + src.unreadable;
    List<String> problems = new ArrayList<>();
    if (fromLoad && sourceCount != sourceRows) {
      problems.add(
          "row count: the source holds "
              + sourceCount
              + " rows, the load read "
              + sourceRows
              + (rejected > 0 ? " (" + rejected + " of them rejected)" : "")
              + (sourceRows > sourceCount
                  ? ": rows were read twice (a resume over changed chunk ranges?)"
                  : ": rows were missed or the source changed after the load"));
      sourceRows = sourceCount;
    } else if (unaccounted > 0) {
      problems.add(
          "row count: source "
              + sourceRows
              + ", of which "
              + unaccounted
              + (unaccounted == 1 ? " row cannot" : " rows cannot")
              + " be read as the target's types (NUL bytes, invalid UTF-8, impossible dates:"
              + " see ferry assess) and "
              + (unaccounted == 1 ? "is" : "are")
              + " in no reject file; target "
              + tgt.rows);
    } else if (expectedRows != tgt.rows) {
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
    if (t.primaryKey() != null) {
      List<String> key =
          t.primaryKey().columns().stream()
              .map(k -> tp.column(k).map(ColumnPlan::target).orElse(k))
              .toList();
      DuplicateKeys.Found dup =
          DuplicateKeys.find(target, plan.target().schema(), tp.target(), key);
      if (dup != null) {
        problems.add(
            "duplicate keys: "
                + dup.keys()
                + " values of the source's primary key ("
                + String.join(", ", key)
                + ") appear more than once in the target ("
                + dup.rows()
                + " rows), which has no primary key to refuse them");
      }
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
      diffs = new FirstDifferences(plan, sources, target).find(tp, t, hasher);
    } else if (!problems.isEmpty()) {
      problems.add("no primary key: differing rows cannot be named, only counted");
    }
    Map<String, Long> orphans = Orphans.count(target, plan.target().schema(), tp.target());
    long targetOrphans = orphans.values().stream().mapToLong(Long::longValue).sum();
    long sourceOrphans = targetOrphans == 0 ? 0 : Orphans.inSources(members, catalogs, sources);
    List<String> notes = new ArrayList<>();
    if (targetOrphans > sourceOrphans) {
      // a parent row rejected or filtered leaves children the source did not orphan
      problems.add(
          (targetOrphans - sourceOrphans)
              + " orphan rows the migration introduced (target "
              + targetOrphans
              + ", source "
              + sourceOrphans
              + "): "
              + Orphans.describe(orphans));
      status = "MISMATCH";
    } else if (targetOrphans > 0 && plan.settings().strictOrphans()) {
      // the DBA asked for a target without orphans: nothing differs, but the table fails
      problems.add(
          targetOrphans
              + " orphan rows, orphans in the source too (pre-existing), fail under --strict: "
              + Orphans.describe(orphans));
      if (status.startsWith("MATCH")) {
        status = TableValidation.PRE_EXISTING_ORPHANS;
      }
    } else if (targetOrphans > 0) {
      notes.add(
          targetOrphans
              + " orphan rows were orphans in the source too (pre-existing, kept as they are; the"
              + " foreign key stays NOT VALID): "
              + Orphans.describe(orphans));
    }
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
        secs,
        sourceOrphans,
        notes);
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
            // never loaded: the run's reject file must hold it, else the target lacks a row
            digest.unreadable++;
            continue;
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

  private long countSource(TablePlan tp, Table t) throws SQLException {
    ConnectionSpec spec = sources.get(tp.source());
    try (Connection c = Sessions.openSource(spec)) {
      return Dialects.of(spec.kind()).countRows(c, t);
    }
  }

  /** SELECT of the plan's target columns, optionally ordered. */
  static String targetSelect(MigrationPlan plan, TablePlan tp, String orderBy) {
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
              .copyOut("COPY (" + targetSelect(plan, tp, null) + ") TO STDOUT");
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
}
