package dev.ferry.engine.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times the queries of a {@code perf/} folder (one query per {@code .sql} file, optionally headed
 * by {@code -- max: 100ms}) and compares two sets of timings. Every run is inside a transaction
 * that is rolled back, so a DML query leaves nothing behind.
 */
public final class QueryBaselines {
  /**
   * Slower than the baseline by more than this fraction (and by more than {@link #NOISE_MS}) is a
   * regression, unless the project ({@code perfTolerance:} in ferry-change.yaml) or the query file
   * ({@code -- tolerance: 10%}) says otherwise.
   */
  public static final double TOLERANCE = 0.5;

  public static final double NOISE_MS = 2.0;
  private static final Pattern MAX =
      Pattern.compile("(?im)^\\s*--\\s*max:\\s*([0-9.]+)\\s*(ms|s)\\s*$");
  private static final Pattern TOLERANCE_LINE =
      Pattern.compile("(?im)^\\s*--\\s*tolerance:\\s*([0-9.]+)\\s*%\\s*$");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private QueryBaselines() {}

  /** The query files of a folder, by name; none when the folder does not exist. */
  public static List<Path> queries(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
    } catch (IOException e) {
      throw new FerryException("Cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Runs each query {@code runs} times (after one warm-up run) and keeps the median. */
  public static List<QueryTiming> measure(Connection c, List<Path> files, int runs)
      throws SQLException {
    List<QueryTiming> out = new ArrayList<>();
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      for (Path f : files) {
        out.add(time(c, f, runs));
      }
    } finally {
      c.rollback();
      c.setAutoCommit(auto);
    }
    return out;
  }

  private static QueryTiming time(Connection c, Path f, int runs) throws SQLException {
    String name = f.getFileName().toString();
    String sql;
    try {
      sql = Files.readString(f);
    } catch (IOException e) {
      throw new FerryException("Cannot read " + f + ": " + e.getMessage(), e);
    }
    Matcher m = MAX.matcher(sql);
    Double max =
        m.find()
            ? Double.parseDouble(m.group(1)) * (m.group(2).equalsIgnoreCase("s") ? 1000 : 1)
            : null;
    Matcher tm = TOLERANCE_LINE.matcher(sql);
    Double tolerance = tm.find() ? Double.parseDouble(tm.group(1)) / 100 : null;
    String query = sql.strip().replaceFirst(";\\s*$", "");
    List<JsonNode> plans = new ArrayList<>();
    try (Statement st = c.createStatement()) {
      for (int i = 0; i <= runs; i++) {
        st.execute("SAVEPOINT ferry_perf");
        try (ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + query)) {
          rs.next();
          if (i > 0) { // the first run warms the cache
            plans.add(JSON.readTree(rs.getString(1)).get(0));
          }
        } catch (IOException e) {
          throw new SQLException("unreadable EXPLAIN output: " + e.getMessage(), e);
        } finally {
          st.execute("ROLLBACK TO SAVEPOINT ferry_perf");
        }
      }
    } catch (SQLException e) {
      c.rollback();
      return new QueryTiming(name, 0, 0, 0, 0, null, max, FerryException.describe(e), tolerance);
    }
    plans.sort(Comparator.comparingDouble(p -> p.path("Execution Time").asDouble()));
    JsonNode median = plans.get(plans.size() / 2);
    JsonNode top = median.path("Plan");
    return new QueryTiming(
        name,
        median.path("Execution Time").asDouble(),
        median.path("Planning Time").asDouble(),
        top.path("Shared Hit Blocks").asLong(),
        top.path("Shared Read Blocks").asLong(),
        shape(top),
        max,
        null,
        tolerance);
  }

  /** The plan's nodes, outermost first: {@code Limit ← Sort ← Seq Scan on businesses}. */
  static String shape(JsonNode node) {
    List<String> parts = new ArrayList<>();
    walk(node, parts);
    return String.join(" ← ", parts);
  }

  private static void walk(JsonNode node, List<String> parts) {
    if (parts.size() >= 12) {
      return;
    }
    String s = node.path("Node Type").asText();
    if (node.has("Index Name")) {
      s += " using " + node.path("Index Name").asText();
    }
    if (node.has("Relation Name")) {
      s += " on " + node.path("Relation Name").asText();
    }
    parts.add(s);
    for (JsonNode child : node.path("Plans")) {
      walk(child, parts);
    }
  }

  /** Compares the timings now with a baseline, with the default tolerance. */
  public static List<PerfComparison> compare(List<QueryTiming> baseline, List<QueryTiming> now) {
    return compare(baseline, now, TOLERANCE);
  }

  /**
   * Compares the timings now with a baseline (which may lack a query, or be empty): a query slower
   * by more than its own tolerance, else {@code tolerance} (a fraction), is a regression.
   */
  public static List<PerfComparison> compare(
      List<QueryTiming> baseline, List<QueryTiming> now, double tolerance) {
    Map<String, QueryTiming> before = new LinkedHashMap<>();
    baseline.forEach(t -> before.put(t.name(), t));
    List<PerfComparison> out = new ArrayList<>();
    for (QueryTiming t : now) {
      QueryTiming b = before.get(t.name());
      Double was = b == null || b.error() != null ? null : b.executionMs();
      if (t.error() != null) {
        out.add(new PerfComparison(t.name(), was, null, t.maxMs(), "ERROR", t.error()));
        continue;
      }
      List<String> problems = new ArrayList<>();
      if (t.maxMs() != null && t.executionMs() > t.maxMs()) {
        problems.add(
            String.format("%.1f ms is over its limit of %.0f ms", t.executionMs(), t.maxMs()));
      }
      double allowed = t.tolerance() != null ? t.tolerance() : tolerance;
      if (was != null
          && t.executionMs() > was * (1 + allowed)
          && t.executionMs() - was > NOISE_MS) {
        problems.add(
            String.format(
                "%.0f%% slower than the baseline (%.1f ms → %.1f ms; %.0f%% allowed)",
                (t.executionMs() / Math.max(was, 0.001) - 1) * 100,
                was,
                t.executionMs(),
                allowed * 100));
      }
      String detail =
          problems.isEmpty()
              ? String.format(
                  "%.1f ms%s; %s",
                  t.executionMs(),
                  was == null ? " (no baseline)" : String.format(" (baseline %.1f ms)", was),
                  t.plan())
              : String.join("; ", problems) + "; plan: " + t.plan();
      out.add(
          new PerfComparison(
              t.name(),
              was,
              t.executionMs(),
              t.maxMs(),
              problems.isEmpty() ? "PASS" : "FAIL",
              detail));
    }
    return out;
  }

  public static void save(List<QueryTiming> timings, Path file) throws IOException {
    PrivateFiles.writeString(file, JSON.writeValueAsString(timings));
  }

  public static List<QueryTiming> load(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    return List.of(JSON.readValue(file.toFile(), QueryTiming[].class));
  }
}
