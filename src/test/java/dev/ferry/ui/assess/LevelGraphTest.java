package dev.ferry.ui.assess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.assess.TableInventory;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The foreign-key graph: columns by level, whole names, cycles and self-references marked. */
@ExtendWith(ApplicationExtension.class)
class LevelGraphTest {
  private LevelGraph graph;

  private static TableInventory table(String name, int level, boolean self, String... refs) {
    return new TableInventory(
        "shop",
        null,
        name,
        name,
        10,
        8192,
        3,
        true,
        level,
        List.of(refs).stream().map(r -> "shop:" + r).toList(),
        self);
  }

  @Start
  void start(Stage stage) {
    graph = new LevelGraph();
    graph.show(
        List.of(
            table("customers", 0, false),
            table("products", 0, false),
            table("employees", 0, true),
            table("orders", 1, false, "customers", "employees"),
            table("order_items_with_a_rather_long_name", 2, false, "orders", "products"),
            table("invoices", 3, false, "order_items_with_a_rather_long_name", "payments"),
            table("payments", 3, false, "invoices")),
        List.of(List.of("shop:invoices", "shop:payments")));
    stage.setScene(new Scene(graph, 1024, 600));
    stage.show();
  }

  @Test
  void levelsAreColumnsNamesAreWholeCyclesAndSelfReferencesAreMarked(FxRobot robot) {
    WaitForAsyncUtils.waitForFxEvents();
    Label customers = graph.box("shop:customers");
    Label orders = graph.box("shop:orders");
    Label items = graph.box("shop:order_items_with_a_rather_long_name");
    Label invoices = graph.box("shop:invoices");
    assertThat(customers.getLayoutX()).isLessThan(orders.getLayoutX());
    assertThat(orders.getLayoutX()).isLessThan(items.getLayoutX());
    assertThat(items.getLayoutX()).isLessThan(invoices.getLayoutX());
    assertThat(graph.box("shop:payments").getLayoutX()).isEqualTo(invoices.getLayoutX());
    // the long name is drawn whole, not cut with an ellipsis
    Text shown = (Text) items.lookup(".text");
    assertThat(shown.getText()).isEqualTo("order_items_with_a_rather_long_name");
    assertThat(graph.box("shop:employees").getText()).isEqualTo("employees  ↻");
    assertThat(invoices.getStyleClass()).contains("fk-cycle");
    assertThat(orders.getStyleClass()).doesNotContain("fk-cycle");

    robot.clickOn(orders);
    assertThat(graph.detail().getText())
        .isEqualTo(
            "orders (shop:orders, level 1): references customers, employees;"
                + " referenced by order_items_with_a_rather_long_name.");
    assertThat(orders.getStyleClass()).contains("fk-selected");
    robot.clickOn(graph.box("shop:employees"));
    assertThat(orders.getStyleClass()).doesNotContain("fk-selected");
    assertThat(graph.detail().getText())
        .contains("references no other table, and itself; referenced by orders.");
  }
}
