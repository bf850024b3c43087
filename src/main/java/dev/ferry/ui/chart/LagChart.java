package dev.ferry.ui.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Replication lag over time, live: bytes of source WAL the subscription has not confirmed (left
 * axis) and seconds behind (right axis), one point per reading of the servers.
 *
 * @param <S> the sample type; the caller says how to read its time, bytes and seconds
 */
public final class LagChart<S> extends ChartViewer {
  private final XYSeries bytes = new XYSeries("lag, kB");
  private final XYSeries seconds = new XYSeries("lag, s");

  public LagChart(
      ObservableList<S> samples,
      ToDoubleFunction<S> at,
      ToDoubleFunction<S> lagBytes,
      ToDoubleFunction<S> lagSeconds) {
    setId("lagChart");
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            "Replication lag",
            "seconds watched",
            "kB behind",
            new XYSeriesCollection(bytes),
            PlotOrientation.VERTICAL,
            true,
            true,
            false);
    XYPlot plot = chart.getXYPlot();
    NumberAxis secondsAxis = new NumberAxis("seconds behind");
    // lag is never below zero: the axes start there
    secondsAxis.setAutoRangeMinimumSize(1.0);
    secondsAxis.setRangeType(org.jfree.data.RangeType.POSITIVE);
    NumberAxis kbAxis = (NumberAxis) plot.getRangeAxis();
    kbAxis.setAutoRangeMinimumSize(1.0);
    kbAxis.setRangeType(org.jfree.data.RangeType.POSITIVE);
    plot.setRangeAxis(1, secondsAxis);
    plot.setDataset(1, new XYSeriesCollection(seconds));
    plot.mapDatasetToRangeAxis(1, 1);
    XYLineAndShapeRenderer kb = new XYLineAndShapeRenderer(true, false);
    kb.setSeriesPaint(0, new Color(0x1f, 0x6f, 0xeb));
    kb.setSeriesStroke(0, new BasicStroke(2f));
    XYLineAndShapeRenderer s = new XYLineAndShapeRenderer(true, false);
    s.setSeriesPaint(0, new Color(0xd2, 0x99, 0x22));
    s.setSeriesStroke(0, new BasicStroke(2f));
    plot.setRenderer(0, kb);
    plot.setRenderer(1, s);
    setChart(chart);
    ChartTheme.follow(this);
    samples.addListener(
        (ListChangeListener<S>)
            c -> {
              bytes.clear();
              seconds.clear();
              for (S x : List.copyOf(samples)) {
                bytes.add(at.applyAsDouble(x), lagBytes.applyAsDouble(x) / 1024.0);
                seconds.add(at.applyAsDouble(x), lagSeconds.applyAsDouble(x));
              }
            });
  }

  /** The points drawn now (for tests). */
  public int points() {
    return bytes.getItemCount();
  }
}
