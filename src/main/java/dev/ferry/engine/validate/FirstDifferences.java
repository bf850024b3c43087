package dev.ferry.engine.validate;

import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.cast.Transform;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.Sessions;
import dev.ferry.engine.core.KeyDifference;
import dev.ferry.engine.dialect.Dialect;
import dev.ferry.engine.dialect.Dialects;
import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.TablePlan;
import dev.ferry.engine.rows.BadValueException;
import dev.ferry.engine.rows.CopyBatch;
import dev.ferry.engine.rows.CopyText;
import dev.ferry.engine.rows.RowSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Walks a table's source and target rows side by side in primary-key order and names the first rows
 * that differ, column by column: what a DBA reads after a checksum mismatch.
 */
final class FirstDifferences {
  private final MigrationPlan plan;
  private final Map<String, ConnectionSpec> sources;
  private final ConnectionSpec target;

  FirstDifferences(MigrationPlan plan, Map<String, ConnectionSpec> sources, ConnectionSpec target) {
    this.plan = plan;
    this.sources = sources;
    this.target = target;
  }

  /** Walks both sides in primary-key order and names the first rows that differ. */
  List<KeyDifference> find(TablePlan tp, Table t, RowHasher hasher) throws SQLException {
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
      keyNumeric[k] = Validator.isNumeric(kc) || kc.transform() == Transform.FLOAT;
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
              .copyOut(
                  "COPY (" + Validator.targetSelect(plan, tp, tgtOrder.toString()) + ") TO STDOUT");
      try (RowSource rows = d.openRows(sc, select, tp.columns(), new AtomicLong())) {
        CopyBatch batch = new CopyBatch(1 << 16, plan.settings().cleanText());
        List<byte[]> s = nextSource(rows, batch);
        byte[] trow = out.readFromCopy();
        List<byte[]> g = trow == null ? null : CopyText.fields(trow, 0, trow.length);
        while ((s != null || g != null) && diffs.size() < Validator.MAX_DIFFERENCES) {
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
}
