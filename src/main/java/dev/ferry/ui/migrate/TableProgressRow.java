package dev.ferry.ui.migrate;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One table's line in the Migrate step: rows done of total, speed, rejects, state. */
public final class TableProgressRow {
  private final String table;
  private final LongProperty rowsDone = new SimpleLongProperty();
  private final LongProperty rowsTotal = new SimpleLongProperty();
  private final DoubleProperty rowsPerSecond = new SimpleDoubleProperty();
  private final LongProperty rejected = new SimpleLongProperty();
  private final StringProperty state = new SimpleStringProperty("waiting");

  public TableProgressRow(String table) {
    this.table = table;
  }

  public String table() {
    return table;
  }

  public double fraction() {
    return rowsTotal.get() <= 0 ? 0 : Math.min(1.0, (double) rowsDone.get() / rowsTotal.get());
  }

  public LongProperty rowsDoneProperty() {
    return rowsDone;
  }

  public LongProperty rowsTotalProperty() {
    return rowsTotal;
  }

  public DoubleProperty rowsPerSecondProperty() {
    return rowsPerSecond;
  }

  public LongProperty rejectedProperty() {
    return rejected;
  }

  public StringProperty stateProperty() {
    return state;
  }
}
