package dev.ferry.ui.chart;

import java.awt.Color;
import java.awt.Paint;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;

/**
 * Makes a JFreeChart follow the console's theme: the chart paints its own canvas, so it takes the
 * page's background as the theme's CSS gives it to the viewer ({@code .themed-chart} is {@code
 * -color-bg-default}) and text and grid colours that read on it — light on dark, dark on light —
 * and changes with the theme.
 */
public final class ChartTheme {
  private ChartTheme() {}

  public static void follow(ChartViewer viewer) {
    viewer.getStyleClass().add("themed-chart");
    viewer.backgroundProperty().addListener((o, a, b) -> apply(viewer.getChart(), b));
    apply(viewer.getChart(), viewer.getBackground());
  }

  static void apply(JFreeChart chart, Background background) {
    if (chart == null) {
      return;
    }
    javafx.scene.paint.Color bg = javafx.scene.paint.Color.WHITE;
    if (background != null && !background.getFills().isEmpty()) {
      BackgroundFill f = background.getFills().get(0);
      if (f.getFill() instanceof javafx.scene.paint.Color c) {
        bg = c;
      }
    }
    boolean dark = bg.getBrightness() < 0.5;
    Color back = awt(bg);
    Color text = dark ? new Color(0xc9, 0xd1, 0xd9) : new Color(0x24, 0x29, 0x2f);
    Color grid = dark ? new Color(0x30, 0x36, 0x3d) : new Color(0xdd, 0xdd, 0xdd);
    chart.setBackgroundPaint(back);
    for (int i = 0; i < chart.getSubtitleCount(); i++) {
      colour(chart.getSubtitle(i), text, back);
    }
    if (chart.getTitle() != null) {
      chart.getTitle().setPaint(text);
    }
    Plot plot = chart.getPlot();
    plot.setBackgroundPaint(back);
    if (plot instanceof XYPlot xy) {
      xy.setDomainGridlinePaint(grid);
      xy.setRangeGridlinePaint(grid);
      for (int i = 0; i < xy.getDomainAxisCount(); i++) {
        axis(xy.getDomainAxis(i), text);
      }
      for (int i = 0; i < xy.getRangeAxisCount(); i++) {
        axis(xy.getRangeAxis(i), text);
      }
    } else if (plot instanceof CategoryPlot cp) {
      cp.setDomainGridlinePaint(grid);
      cp.setRangeGridlinePaint(grid);
      for (int i = 0; i < cp.getDomainAxisCount(); i++) {
        axis(cp.getDomainAxis(i), text);
      }
      for (int i = 0; i < cp.getRangeAxisCount(); i++) {
        axis(cp.getRangeAxis(i), text);
      }
    }
  }

  private static void colour(Title t, Paint text, Paint back) {
    if (t instanceof LegendTitle l) {
      l.setItemPaint(text);
      l.setBackgroundPaint(back);
    } else if (t instanceof TextTitle tt) {
      tt.setPaint(text);
    }
  }

  private static void axis(Axis a, Paint text) {
    if (a != null) {
      a.setLabelPaint(text);
      a.setTickLabelPaint(text);
      a.setAxisLinePaint(text);
      a.setTickMarkPaint(text);
    }
  }

  private static Color awt(javafx.scene.paint.Color c) {
    return new Color((float) c.getRed(), (float) c.getGreen(), (float) c.getBlue());
  }
}
