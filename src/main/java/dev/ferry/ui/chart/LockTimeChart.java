package dev.ferry.ui.chart;

import dev.ferry.engine.change.StatementRisk;
import java.awt.Color;
import java.awt.Paint;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The Risk tab's chart: the estimated time each pending statement holds its lock, one bar per
 * statement in the order they run, coloured by impact (breaking statements outlined in the same
 * colour as HIGH). Redrawn when the analysis changes; hover a bar for its statement.
 */
public final class LockTimeChart extends ChartViewer {
  private final ObservableList<StatementRisk> risks;
  private final List<String> bars = new ArrayList<>();

  public LockTimeChart(ObservableList<StatementRisk> risks) {
    this.risks = risks;
    setId("lockTimeChart");
    getStyleClass().add("themed-chart");
    backgroundProperty().addListener((o, a, b) -> ChartTheme.apply(getChart(), b));
    risks.addListener((ListChangeListener<StatementRisk>) c -> redraw());
    redraw();
  }

  private void redraw() {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    bars.clear();
    List<StatementRisk> shown = List.copyOf(risks);
    for (int i = 0; i < shown.size(); i++) {
      StatementRisk r = shown.get(i);
      String key = (i + 1) + (r.version() == null ? "" : " · V" + r.version());
      bars.add(key);
      data.addValue(r.estimatedLockSeconds(), "estimated lock", key);
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            "Estimated time under lock per statement",
            "statement (in the order it runs)",
            "seconds",
            data,
            PlotOrientation.VERTICAL,
            false,
            true,
            false);
    CategoryPlot plot = chart.getCategoryPlot();
    BarRenderer renderer =
        new BarRenderer() {
          @Override
          public Paint getItemPaint(int row, int column) {
            return column < shown.size()
                ? colour(shown.get(column))
                : super.getItemPaint(row, column);
          }
        };
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setDefaultToolTipGenerator(
        (dataset, row, column) -> {
          StatementRisk r = shown.get(column);
          return String.format(
              "%s %s: %.2f s under %s — %s",
              r.impact(), r.statement(), r.estimatedLockSeconds(), r.lock(), r.work());
        });
    plot.setRenderer(renderer);
    // seconds as people write them, and a visible scale when every lock is brief
    org.jfree.chart.axis.NumberAxis seconds = (org.jfree.chart.axis.NumberAxis) plot.getRangeAxis();
    seconds.setNumberFormatOverride(new java.text.DecimalFormat("0.##"));
    seconds.setAutoRangeMinimumSize(1.0);
    setChart(chart);
    ChartTheme.apply(getChart(), getBackground());
  }

  static Paint colour(StatementRisk r) {
    return switch (r.impact()) {
      case LOW -> new Color(0x2d, 0xa4, 0x4e);
      case MEDIUM -> new Color(0xd2, 0x99, 0x22);
      case HIGH -> new Color(0xdb, 0x6d, 0x28);
      case CRITICAL, BLOCKER -> new Color(0xcf, 0x22, 0x2e);
    };
  }

  /** The bars drawn now, one per statement (for tests). */
  public List<String> bars() {
    return List.copyOf(bars);
  }
}
