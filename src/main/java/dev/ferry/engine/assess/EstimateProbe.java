package dev.ferry.engine.assess;

import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.cast.Transform;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.rows.BadValueException;
import dev.ferry.engine.rows.CopyBatch;
import dev.ferry.engine.rows.RowSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;

/**
 * Measures read and write throughput on a sample of the largest table: reads up to {@link
 * #SAMPLE_ROWS} rows through the same reader as the load, COPYs them into a temporary table on the
 * target (dropped with the session) and times both.
 */
final class EstimateProbe {
  static final int SAMPLE_ROWS = 20_000;

  /** Constraints and validation as a share of the data phase, from BENCHMARKS.md (2 cores). */
  private static final double CONSTRAINTS_RATIO = 0.9;

  private static final double VALIDATION_RATIO = 0.6;

  private EstimateProbe() {}

  static Estimate estimate(AssessmentContext ctx, double preparationSeconds) throws SQLException {
    var largest =
        ctx.plannedTables().stream()
            .max(Comparator.comparingLong(pt -> pt.table().rows()))
            .orElse(null);
    if (largest == null || largest.table().rows() == 0) {
      return new Estimate(null, 0, 0, 0, preparationSeconds, 0, 0, 0, 0);
    }
    Table t = largest.table();
    CopyBatch batch = new CopyBatch(1 << 20, true);
    long t0 = System.nanoTime();
    try (RowSource rows =
        largest
            .dialect()
            .openRows(
                largest.connection(),
                largest.dialect().selectChunk(t, largest.plan().columns(), null, null, null)
                    + " LIMIT "
                    + SAMPLE_ROWS,
                largest.plan().columns(),
                new AtomicLong())) {
      while (batch.rows() < SAMPLE_ROWS) {
        try {
          if (!rows.next(batch)) {
            break;
          }
        } catch (BadValueException bad) {
          // a rejected row costs as much to read as a good one; it is simply not in the sample
        }
      }
    }
    double readSeconds = Math.max((System.nanoTime() - t0) / 1e9, 1e-6);
    int n = batch.rows();
    double readRate = n / readSeconds;
    double writeRate = 0;
    if (ctx.target() != null && n > 0) {
      try {
        writeRate = n / write(ctx.target(), largest.plan().columns(), batch);
      } catch (SQLException e) {
        // the target refuses a planned type (the schema rehearsal names it as a blocker): the
        // estimate rests on the read rate alone
        writeRate = 0;
      }
    }
    long totalRows = ctx.plannedTables().stream().mapToLong(pt -> pt.table().rows()).sum();
    double rate = writeRate > 0 ? Math.min(readRate, writeRate) : readRate;
    int parallel =
        Math.max(
            1, Math.min(ctx.plan().settings().jobs(), Runtime.getRuntime().availableProcessors()));
    double data = totalRows / (rate * parallel);
    double constraints = data * CONSTRAINTS_RATIO;
    double validation = ctx.plan().settings().validate() ? data * VALIDATION_RATIO : 0;
    return new Estimate(
        t.id().label(),
        n,
        readRate,
        writeRate,
        preparationSeconds,
        data,
        constraints,
        validation,
        data + constraints + validation);
  }

  /** COPYs the sample into a temporary table shaped like the target table; seconds taken. */
  private static double write(Connection target, List<ColumnPlan> cols, CopyBatch batch)
      throws SQLException {
    StringBuilder ddl = new StringBuilder("CREATE TEMP TABLE ferry_estimate_probe (");
    for (int i = 0; i < cols.size(); i++) {
      ColumnPlan cp = cols.get(i);
      // types the target may not have yet (enums, domains of a PostgreSQL source) are probed as
      // text
      String type =
          cp.transform() == Transform.PASSTHROUGH || cp.type().startsWith("\"")
              ? "text"
              : cp.type();
      ddl.append(i == 0 ? "" : ", ").append(Identifiers.quote("c" + i)).append(' ').append(type);
    }
    boolean auto = target.getAutoCommit();
    target.setAutoCommit(false);
    try (Statement st = target.createStatement()) {
      st.execute(ddl.append(") ON COMMIT DROP").toString());
      long t0 = System.nanoTime();
      var in =
          target
              .unwrap(PGConnection.class)
              .getCopyAPI()
              .copyIn("COPY ferry_estimate_probe FROM STDIN");
      in.writeToCopy(batch.buffer(), 0, batch.bytes());
      in.endCopy();
      return Math.max((System.nanoTime() - t0) / 1e9, 1e-6);
    } finally {
      target.rollback();
      target.setAutoCommit(auto);
    }
  }
}
