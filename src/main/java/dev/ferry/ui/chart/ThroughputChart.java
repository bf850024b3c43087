package dev.ferry.ui.chart;

import dev.ferry.engine.event.Phase;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.RangeType;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The live throughput chart of the Migrate step (JFreeChart's FX viewer): rows/s on the left axis,
 * MB/s on the right, a marker where each phase begins. Fed from the ViewModel's samples on the FX
 * thread.
 */
public final class ThroughputChart extends ChartViewer {
  private final XYSeries rows = new XYSeries("rows/s");
  private final XYSeries mb = new XYSeries("MB/s");
  private final XYPlot plot;
  private Phase lastPhase;
  private double drawnAt = Double.NEGATIVE_INFINITY;

  public ThroughputChart(ObservableList<ThroughputSample> samples) {
    NumberAxis time = new NumberAxis("seconds");
    NumberAxis rowsAxis = new NumberAxis("rows/s");
    NumberAxis mbAxis = new NumberAxis("MB/s");
    rowsAxis.setAutoRangeIncludesZero(true);
    mbAxis.setAutoRangeIncludesZero(true);
    // a rate is never negative: without data (or with a flat line) the axis starts at 0, not -22
    rowsAxis.setRangeType(RangeType.POSITIVE);
    mbAxis.setRangeType(RangeType.POSITIVE);
    time.setRangeType(RangeType.POSITIVE);
    XYLineAndShapeRenderer r1 = new XYLineAndShapeRenderer(true, false);
    r1.setSeriesPaint(0, new Color(0x1f, 0x6f, 0xeb));
    r1.setSeriesStroke(0, new BasicStroke(2f));
    XYLineAndShapeRenderer r2 = new XYLineAndShapeRenderer(true, false);
    r2.setSeriesPaint(0, new Color(0xd9, 0x7b, 0x0b));
    r2.setSeriesStroke(0, new BasicStroke(1.5f));
    plot = new XYPlot(new XYSeriesCollection(rows), time, rowsAxis, r1);
    plot.setDataset(1, new XYSeriesCollection(mb));
    plot.setRangeAxis(1, mbAxis);
    plot.mapDatasetToRangeAxis(1, 1);
    plot.setRenderer(1, r2);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
    plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
    JFreeChart chart =
        new JFreeChart("Throughput", new Font("SansSerif", Font.BOLD, 13), plot, true);
    LegendTitle legend = chart.getLegend();
    legend.setPosition(RectangleEdge.TOP);
    chart.setBackgroundPaint(Color.WHITE);
    setChart(chart);
    setId("throughputChart");
    ChartTheme.follow(this);
    samples.addListener(
        (ListChangeListener<ThroughputSample>)
            c -> {
              while (c.next()) {
                if (c.wasRemoved() && c.getList().isEmpty()) {
                  clear();
                }
                for (ThroughputSample s : c.getAddedSubList()) {
                  add(s);
                }
              }
            });
    samples.forEach(this::add);
  }

  private void clear() {
    rows.clear();
    mb.clear();
    plot.clearDomainMarkers();
    lastPhase = null;
    drawnAt = Double.NEGATIVE_INFINITY;
  }

  private void add(ThroughputSample s) {
    if (s.phase() != lastPhase) {
      ValueMarker m = new ValueMarker(s.seconds());
      m.setPaint(Color.GRAY);
      m.setStroke(
          new BasicStroke(
              1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f));
      m.setLabel(s.phase().name().toLowerCase());
      m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
      m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
      plot.addDomainMarker(m);
      lastPhase = s.phase();
    }
    // both series on one plot: one change event redraws the chart, at most once a second — a
    // redraw repaints the whole canvas, which software rendering pays for on a busy machine
    mb.add(s.seconds(), s.mbPerSecond(), false);
    boolean redraw = s.seconds() - drawnAt >= 1.0 || rows.getItemCount() < 2;
    rows.add(s.seconds(), s.rowsPerSecond(), redraw);
    if (redraw) {
      drawnAt = s.seconds();
    }
  }

  /** Draws the samples added since the last redraw. */
  public void redraw() {
    rows.fireSeriesChanged();
  }

  /** How many points the chart holds (for tests). */
  public int points() {
    return rows.getItemCount();
  }
}
