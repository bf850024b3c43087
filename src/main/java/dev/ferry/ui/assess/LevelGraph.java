package dev.ferry.ui.assess;

import dev.ferry.engine.assess.TableInventory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import javafx.scene.shape.CubicCurve;
import javafx.scene.shape.Polygon;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * The foreign-key graph drawn in layers, as seed 001 orders a load by hand: one column per level
 * (level 0, the tables that reference nothing, on the left), a box per table and a curve from each
 * table to every table it references, its arrow at the referenced one. Tables of a cycle are marked
 * and their curves dashed (their foreign keys are added after the load); a table that references
 * itself carries ↻. Clicking a box highlights its curves and says what it references and what
 * references it. Boxes are as wide as their longest name, so no name is cut.
 */
final class LevelGraph extends BorderPane {
  private static final double COLUMN_GAP = 70;
  private static final double ROW_GAP = 14;
  private static final double BOX_HEIGHT = 28;
  private static final double HEADER = 30;
  private static final double MARGIN = 16;

  private final Pane canvas = new Pane();
  private final Label detail = new Label("Click a table to see what it references.");
  private final Map<String, Label> boxes = new LinkedHashMap<>();
  private final Map<String, List<CubicCurve>> curvesOf = new HashMap<>();
  private final Map<String, TableInventory> tables = new HashMap<>();
  private String selected;

  LevelGraph() {
    setId("level-graph");
    canvas.getStyleClass().add("fk-graph");
    ScrollPane scroll = new ScrollPane(canvas);
    scroll.setPannable(true);
    setCenter(scroll);
    detail.setId("level-graph-detail");
    detail.setWrapText(true);
    detail.setPadding(new Insets(6, 10, 6, 10));
    setBottom(detail);
  }

  /** Draws the graph of these tables; {@code cycles} holds the labels of each cycle's tables. */
  void show(List<TableInventory> inventory, List<List<String>> cycles) {
    canvas.getChildren().clear();
    boxes.clear();
    curvesOf.clear();
    tables.clear();
    selected = null;
    detail.setText(
        inventory.isEmpty()
            ? "No tables."
            : "Click a table to see what it references and what references it. Arrows point"
                + " at the referenced table; a dashed amber pair is a cycle (its foreign keys"
                + " are added after the load); ↻ marks a table that references itself.");
    Set<String> inCycle = new HashSet<>();
    cycles.forEach(inCycle::addAll);
    Map<Integer, List<TableInventory>> byLevel = new TreeMap<>();
    for (TableInventory t : inventory) {
      tables.put(t.label(), t);
      byLevel.computeIfAbsent(t.level(), k -> new ArrayList<>()).add(t);
    }
    double x = MARGIN;
    double height = 0;
    for (Map.Entry<Integer, List<TableInventory>> level : byLevel.entrySet()) {
      List<TableInventory> column = level.getValue();
      column.sort((a, b) -> name(a).compareToIgnoreCase(name(b)));
      double width = textWidth(heading(level.getKey(), column.size())) + 8;
      for (TableInventory t : column) {
        width = Math.max(width, textWidth(text(t)) + 26);
      }
      Label head = new Label(heading(level.getKey(), column.size()));
      head.getStyleClass().add("fk-level");
      head.setMinWidth(width);
      head.relocate(x, MARGIN);
      canvas.getChildren().add(head);
      double y = MARGIN + HEADER;
      for (TableInventory t : column) {
        Label box = new Label(text(t));
        box.getStyleClass().add("fk-node");
        if (inCycle.contains(t.label())) {
          box.getStyleClass().add("fk-cycle");
        }
        if (t.target() == null) {
          box.getStyleClass().add("fk-left-out");
        }
        box.setAlignment(Pos.CENTER_LEFT);
        box.setMinSize(width, BOX_HEIGHT);
        box.setPrefSize(width, BOX_HEIGHT);
        box.relocate(x, y);
        box.setTooltip(new Tooltip(t.label()));
        box.setOnMouseClicked(e -> select(t.label()));
        boxes.put(t.label(), box);
        canvas.getChildren().add(box);
        y += BOX_HEIGHT + ROW_GAP;
      }
      height = Math.max(height, y);
      x += width + COLUMN_GAP;
    }
    for (TableInventory t : inventory) {
      for (String ref : t.references()) {
        if (boxes.containsKey(ref)) {
          connect(t.label(), ref, inCycle.contains(t.label()) && inCycle.contains(ref));
        }
      }
    }
    canvas.setPrefSize(x + MARGIN, height + MARGIN);
  }

  private void connect(String from, String to, boolean cycle) {
    Label a = boxes.get(from);
    Label b = boxes.get(to);
    double ay = a.getLayoutY() + BOX_HEIGHT / 2;
    double by = b.getLayoutY() + BOX_HEIGHT / 2;
    double ax;
    double bx;
    double c1;
    double c2;
    if (a.getLayoutX() > b.getLayoutX()) {
      ax = a.getLayoutX();
      bx = b.getLayoutX() + b.getMinWidth();
      c1 = ax - COLUMN_GAP / 2;
      c2 = bx + COLUMN_GAP / 2;
    } else {
      // same column (a cycle): bulge out on the right, upward curves wider than downward ones
      ax = a.getLayoutX() + a.getMinWidth();
      bx = b.getLayoutX() + b.getMinWidth();
      double bulge = ay < by ? COLUMN_GAP * 0.4 : COLUMN_GAP * 0.8;
      c1 = ax + bulge;
      c2 = bx + bulge;
    }
    CubicCurve curve = new CubicCurve(ax, ay, c1, ay, c2, by, bx, by);
    curve.getStyleClass().add(cycle ? "fk-edge-cycle" : "fk-edge");
    curve.setMouseTransparent(true);
    double dir = c2 > bx ? 1 : -1;
    Polygon arrow = new Polygon(bx, by, bx + dir * 8, by - 4, bx + dir * 8, by + 4);
    arrow.getStyleClass().add("fk-arrow");
    arrow.setMouseTransparent(true);
    canvas.getChildren().add(0, curve);
    canvas.getChildren().add(arrow);
    curvesOf.computeIfAbsent(from, k -> new ArrayList<>()).add(curve);
    curvesOf.computeIfAbsent(to, k -> new ArrayList<>()).add(curve);
  }

  private void select(String label) {
    if (selected != null) {
      boxes.get(selected).getStyleClass().remove("fk-selected");
      curvesOf.getOrDefault(selected, List.of()).forEach(c -> c.getStyleClass().remove("fk-on"));
    }
    selected = label;
    boxes.get(label).getStyleClass().add("fk-selected");
    curvesOf.getOrDefault(label, List.of()).forEach(c -> c.getStyleClass().add("fk-on"));
    detail.setText(describe(tables.get(label)));
  }

  /** The detail line for one table: its level, what it references, what references it. */
  String describe(TableInventory t) {
    List<String> referencedBy = new ArrayList<>();
    for (TableInventory other : tables.values()) {
      if (other.references().contains(t.label())) {
        referencedBy.add(name(other));
      }
    }
    referencedBy.sort(String::compareToIgnoreCase);
    List<String> refs =
        t.references().stream().map(r -> tables.containsKey(r) ? name(tables.get(r)) : r).toList();
    return name(t)
        + " ("
        + t.label()
        + ", level "
        + t.level()
        + "): references "
        + (refs.isEmpty() ? "no other table" : String.join(", ", refs))
        + (t.selfReferencing() ? ", and itself" : "")
        + "; referenced by "
        + (referencedBy.isEmpty() ? "no table" : String.join(", ", referencedBy))
        + "."
        + (t.target() == null ? " Left out of the plan." : "");
  }

  /** The box of a table, by its {@link TableInventory#label()} (for tests). */
  Label box(String label) {
    return boxes.get(label);
  }

  Label detail() {
    return detail;
  }

  private static String heading(int level, int count) {
    return (level == 0 ? "Level 0 · independent" : "Level " + level) + " (" + count + ")";
  }

  private static String name(TableInventory t) {
    return t.target() == null ? t.table() : t.target();
  }

  private static String text(TableInventory t) {
    return name(t) + (t.selfReferencing() ? "  ↻" : "");
  }

  private static double textWidth(String s) {
    Text text = new Text(s);
    text.setFont(Font.font(Font.getDefault().getFamily(), Font.getDefault().getSize() + 1));
    return text.getLayoutBounds().getWidth();
  }
}
