package dev.ferry.engine.assess;

import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.cast.ColumnProfile;
import dev.ferry.engine.cast.Transform;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.dialect.DataRiskQueries;
import dev.ferry.engine.dialect.Dialect;
import dev.ferry.engine.plan.DroppedDefaults;
import dev.ferry.engine.plan.TablePlan;
import dev.ferry.engine.rows.CopyBatch;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Type risks found in the data, not just the declared types: values that will be rejected (text in
 * integer or number columns, booleans that are not booleans, dates that are not ISO-8601, NUL
 * bytes), values that are converted (mixed date formats, zero dates, dropped length limits) and
 * money kept in binary floating point, and source defaults the plan drops because PostgreSQL has no
 * equivalent for the column's type. What can be wrong depends on how the source stores values: its
 * dialect profiles them and supplies the queries ({@code DataRiskQueries}).
 */
final class DataRiskCheck implements Check {
  private static final Pattern MONEY =
      Pattern.compile("(?i).*(price|amount|cost|balance|total|salary|fee|money|revenue).*");

  @Override
  public void run(AssessmentContext ctx, List<Finding> out) throws SQLException {
    for (AssessmentContext.PlannedTable pt : ctx.plannedTables()) {
      TablePlan tp = pt.plan();
      Table t = pt.table();
      Connection c = pt.connection();
      Dialect d = pt.dialect();
      for (ColumnPlan cp : tp.columns()) {
        String object = t.id().label() + "." + cp.name();
        if (cp.transform() == Transform.FLOAT && MONEY.matcher(cp.name()).matches()) {
          out.add(
              new Finding(
                  "float-money",
                  Severity.WARNING,
                  object,
                  "looks like money but is stored as binary floating point ("
                      + cp.sourceType()
                      + " → "
                      + cp.type()
                      + ")",
                  "Map it to numeric(p,s) in the plan (type and transform DECIMAL) if exact cents"
                      + " matter."));
        }
        if (cp.note() != null && cp.note().contains("declared length")) {
          out.add(
              new Finding(
                  "length-exceeded",
                  Severity.INFO,
                  object,
                  cp.note(),
                  "Loaded as text; nothing is cut."));
        }
      }
      for (DroppedDefaults.Dropped dropped : DroppedDefaults.of(d, t, tp)) {
        out.add(
            new Finding(
                "default-dropped",
                Severity.WARNING,
                t.id().label() + "." + dropped.sourceColumn(),
                dropped.message(),
                "Set the column's default in the plan (defaultExpr, a PostgreSQL expression), or"
                    + " add it on the target after the migration."));
      }
      stored(c, d, t, tp, out);
    }
  }

  /**
   * Risks in the stored values: from the source's profile of them where its types do not bound them
   * (storage classes), and from the queries its dialect has for what it can hold.
   */
  private static void stored(Connection c, Dialect d, Table t, TablePlan tp, List<Finding> out)
      throws SQLException {
    Map<String, ColumnProfile> profiles = d.profile(c, t, t.columns());
    DataRiskQueries queries = d.dataRiskQueries();
    List<String> textual = new ArrayList<>();
    for (ColumnPlan cp : tp.columns()) {
      ColumnProfile p = profiles.get(cp.name());
      String object = t.id().label() + "." + cp.name();
      if (p == null && !profiles.isEmpty()) {
        continue; // a column the profile does not know is not in the source's table
      }
      switch (cp.transform()) {
        case INTEGER -> {
          if (p != null && p.texts() + p.reals() + p.blobs() > 0) {
            out.add(
                new Finding(
                    "text-in-integer",
                    Severity.WARNING,
                    object,
                    (p.texts() + p.reals() + p.blobs())
                        + " values are not integers ("
                        + p.texts()
                        + " text, "
                        + p.reals()
                        + " real, "
                        + p.blobs()
                        + " blob): those rows will be rejected",
                    "Clean the values in the source, or map the column to text in the plan."));
          }
        }
        case FLOAT, DECIMAL -> {
          if (p != null && p.texts() + p.blobs() > 0) {
            out.add(
                new Finding(
                    "text-in-number",
                    Severity.WARNING,
                    object,
                    (p.texts() + p.blobs())
                        + " values are text or blobs in a numeric column: rows whose text is not a"
                        + " number will be rejected",
                    "Clean the values in the source, or map the column to text in the plan."));
          }
        }
        case BOOLEAN -> {
          long bad = count(c, queries.notBooleans(t, cp.name()));
          if (bad > 0) {
            out.add(
                new Finding(
                    "not-a-boolean",
                    Severity.WARNING,
                    object,
                    bad + " values are not booleans: those rows will be rejected",
                    "Clean the values, or map the column to text in the plan."));
          }
        }
        case TIMESTAMPTZ, TIMESTAMP, DATE -> {
          if (p != null && p.texts() > 0 && p.integers() + p.reals() > 0) {
            out.add(
                new Finding(
                    "mixed-date-formats",
                    Severity.INFO,
                    object,
                    p.texts()
                        + " values are ISO-8601 text and "
                        + (p.integers() + p.reals())
                        + " are numbers, read as "
                        + (cp.numericTime() == null
                            ? "epoch seconds"
                            : cp.numericTime().name().toLowerCase().replace('_', ' ')),
                    "Nothing to do unless the numbers are in another unit: then set numericTime for"
                        + " this column in the plan."));
          }
          long notIso = count(c, queries.notIsoDates(t, cp.name()));
          if (notIso > 0) {
            out.add(
                new Finding(
                    "not-iso-date",
                    Severity.WARNING,
                    object,
                    notIso + " text values are not ISO-8601 dates: those rows will be rejected",
                    "Rewrite them as YYYY-MM-DD[ HH:MM:SS] in the source, or map the column to text"
                        + " in the plan."));
          }
          long zeroDates = count(c, queries.zeroDates(t, cp.name()));
          if (zeroDates > 0) {
            out.add(
                new Finding(
                    "zero-dates",
                    Severity.INFO,
                    object,
                    zeroDates
                        + " zero dates (0000-00-00) will be loaded as NULL and counted in the"
                        + " result",
                    "Nothing to do unless a zero date means something: then give the column a real"
                        + " default in the source."));
          }
        }
        case TEXT, JSON -> textual.add(cp.name());
        default -> {}
      }
    }
    if (queries.textMayBeInvalidUtf8()) {
      invalidUtf8(c, d, t, textual, out);
    }
    Optional<String> nulBytes = textual.isEmpty() ? Optional.empty() : queries.nulBytes(t, textual);
    if (nulBytes.isPresent()) {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(nulBytes.get())) {
        rs.next();
        for (int i = 0; i < textual.size(); i++) {
          long n = rs.getLong(i + 1);
          if (n > 0) {
            out.add(
                new Finding(
                    "nul-bytes",
                    Severity.WARNING,
                    t.id().label() + "." + textual.get(i),
                    n
                        + " values contain NUL bytes, which PostgreSQL text cannot hold: those rows"
                        + " will be rejected",
                    "Remove the NUL bytes in the source, or load with --clean-text (they are"
                        + " stripped and counted)."));
          }
        }
      }
    }
  }

  /**
   * Text that is not valid UTF-8 (the source stores whatever bytes it is given), in a bounded
   * sample.
   */
  private static void invalidUtf8(
      Connection c, Dialect d, Table t, List<String> textual, List<Finding> out)
      throws SQLException {
    if (textual.isEmpty()) {
      return;
    }
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < textual.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(d.quote(textual.get(i)));
    }
    sql.append(" FROM ")
        .append(d.qualifiedName(t))
        .append(" LIMIT ")
        .append(ProfileCheck.SAMPLE_ROWS);
    long[] bad = new long[textual.size()];
    long rows = 0;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql.toString())) {
      while (rs.next()) {
        rows++;
        for (int i = 0; i < textual.size(); i++) {
          byte[] b = rs.getBytes(i + 1);
          if (b != null && !CopyBatch.isValidUtf8(b)) {
            bad[i]++;
          }
        }
      }
    }
    for (int i = 0; i < textual.size(); i++) {
      if (bad[i] > 0) {
        out.add(
            new Finding(
                "invalid-utf8",
                Severity.WARNING,
                t.id().label() + "." + textual.get(i),
                bad[i]
                    + " values are not valid UTF-8"
                    + (rows >= ProfileCheck.SAMPLE_ROWS ? " in the first " + rows + " rows" : "")
                    + ": those rows will be rejected",
                "Re-encode them in the source, or load with --clean-text (invalid bytes become"
                    + " U+FFFD and are counted)."));
      }
    }
  }

  /** The count the query returns, or 0 when the source needs no such query. */
  private static long count(Connection c, Optional<String> query) throws SQLException {
    return query.isPresent() ? KeyCheck.count(c, query.get()) : 0;
  }
}
