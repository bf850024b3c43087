package dev.ferry.ui.chart;

import dev.ferry.engine.event.MigrationEvent.Span;
import dev.ferry.report.TimelineChart;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.jfree.chart.fx.ChartViewer;

/**
 * The run's timeline in the Migrate step: {@link TimelineChart} (the report draws the same) over
 * the spans the ViewModel holds, redrawn when they change — live while a run records them, from the
 * journal for a finished or past run. Hover a bar for its table, work and duration.
 */
public final class TimelineView extends ChartViewer {
  private final ObservableList<Span> spans;

  public TimelineView(ObservableList<Span> spans) {
    this.spans = spans;
    setId("timelineChart");
    getStyleClass().add("themed-chart");
    backgroundProperty().addListener((o, a, b) -> ChartTheme.apply(getChart(), b));
    spans.addListener((ListChangeListener<Span>) c -> redraw());
    redraw();
  }

  private void redraw() {
    setChart(TimelineChart.create(List.copyOf(spans)));
    ChartTheme.apply(getChart(), getBackground());
  }

  /** The table rows the chart shows now (for tests). */
  public List<String> rows() {
    return TimelineChart.rows(List.copyOf(spans));
  }
}
