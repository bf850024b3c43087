package dev.ferry.report;

import dev.ferry.engine.event.MigrationEvent.Span;
import dev.ferry.engine.schema.Analyze;
import java.awt.Color;
import java.awt.Font;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

/**
 * The run's timeline as a Gantt chart (JFreeChart): a row per target table, in the order its work
 * began, and along the clock a bar for its table creation, its load and each key, index, check or
 * foreign key built on it; failed statements in red. Shared by the console's Migrate step and the
 * report. At most {@link #MAX_TABLES} rows: a larger run shows the tables that took longest.
 */
public final class TimelineChart {
  public static final int MAX_TABLES = 60;
  static final String OTHER = "(schema-wide)";

  private static final String[] KINDS = {
    "create table",
    "load",
    "keys, indexes, checks",
    "vacuum and analyze",
    "views, triggers, other",
    "failed"
  };
  private static final Color[] COLOURS = {
    new Color(0x8c, 0x95, 0x9f),
    new Color(0x1f, 0x6f, 0xeb),
    new Color(0x2d, 0xa4, 0x4e),
    new Color(0x82, 0x50, 0xdf),
    new Color(0xbf, 0x87, 0x00),
    new Color(0xcf, 0x22, 0x2e)
  };

  private TimelineChart() {}

  /**
   * The rows the chart draws: target tables ordered by when their first span began, then one row
   * for statements of no single table (schemas, views, routines).
   */
  public static List<String> rows(List<Span> spans) {
    Map<String, Duration> took = new LinkedHashMap<>();
    spans.stream()
        .sorted(Comparator.comparing(Span::started))
        .forEach(s -> took.merge(row(s), s.took(), Duration::plus));
    List<String> rows = new ArrayList<>(took.keySet());
    if (rows.size() > MAX_TABLES) {
      List<String> longest =
          took.entrySet().stream()
              .sorted(Map.Entry.<String, Duration>comparingByValue().reversed())
              .limit(MAX_TABLES)
              .map(Map.Entry::getKey)
              .toList();
      rows.retainAll(longest);
    }
    if (rows.remove(OTHER)) {
      rows.add(OTHER);
    }
    return rows;
  }

  /** Which bar colour a span gets (an index into the legend). */
  static int kind(Span s) {
    if (!s.ok()) {
      return 5;
    }
    return switch (s.kind()) {
      case Span.LOAD -> 1;
      case "TABLE" -> 0;
      case "PRIMARY_KEY", "UNIQUE", "INDEX", "CHECK", "FOREIGN_KEY" -> 2;
      case Analyze.VACUUM -> 3;
      default -> 4;
    };
  }

  public static JFreeChart create(List<Span> spans) {
    List<String> rows = rows(spans);
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      index.put(rows.get(i), i);
    }
    XYIntervalSeries[] series = new XYIntervalSeries[KINDS.length];
    List<List<Span>> drawn = new ArrayList<>();
    for (int k = 0; k < KINDS.length; k++) {
      series[k] = new XYIntervalSeries(KINDS[k]);
      drawn.add(new ArrayList<>());
    }
    long zero = spans.stream().mapToLong(s -> s.started().toEpochMilli()).min().orElse(0);
    for (Span s : spans) {
      Integer i = index.get(row(s));
      if (i == null) {
        continue;
      }
      int k = kind(s);
      double from = (s.started().toEpochMilli() - zero) / 1000.0;
      double to = Math.max(from + 0.001, (s.finished().toEpochMilli() - zero) / 1000.0);
      series[k].add(i, i - 0.32, i + 0.32, from, from, to);
      drawn.get(k).add(s);
    }
    XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
    for (XYIntervalSeries s : series) {
      data.addSeries(s);
    }
    SymbolAxis tables = new SymbolAxis(null, rows.toArray(String[]::new));
    tables.setGridBandsVisible(false);
    tables.setInverted(true);
    NumberAxis clock = new NumberAxis("seconds since the run began");
    clock.setAutoRangeIncludesZero(true);
    XYBarRenderer bars = new XYBarRenderer();
    bars.setUseYInterval(true);
    bars.setShadowVisible(false);
    bars.setBarPainter(new StandardXYBarPainter());
    bars.setDrawBarOutline(false);
    for (int k = 0; k < KINDS.length; k++) {
      bars.setSeriesPaint(k, COLOURS[k]);
    }
    bars.setDefaultToolTipGenerator(
        (dataset, seriesIndex, item) -> describe(drawn.get(seriesIndex).get(item)));
    XYPlot plot = new XYPlot(data, tables, clock, bars);
    plot.setOrientation(PlotOrientation.HORIZONTAL);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
    String title =
        rows.isEmpty()
            ? "Timeline (nothing recorded)"
            : rows.size() < distinctRows(spans)
                ? "Timeline: the " + rows.size() + " longest of " + distinctRows(spans) + " tables"
                : "Timeline";
    JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 13), plot, true);
    LegendTitle legend = chart.getLegend();
    legend.setPosition(RectangleEdge.TOP);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /** A height in pixels that gives every row room for its name. */
  public static int height(List<Span> spans) {
    return 110 + 22 * Math.max(1, rows(spans).size());
  }

  /** One span in words: table, work, duration, outcome (the chart's tooltip). */
  public static String describe(Span s) {
    double secs = s.took().toMillis() / 1000.0;
    return row(s)
        + ": "
        + s.what()
        + " — "
        + String.format(java.util.Locale.ROOT, "%.1f s", secs)
        + (s.ok() ? "" : " (FAILED)");
  }

  private static long distinctRows(List<Span> spans) {
    return spans.stream().map(TimelineChart::row).distinct().count();
  }

  private static String row(Span s) {
    return s.table() == null || s.table().isBlank() ? OTHER : s.table();
  }
}
