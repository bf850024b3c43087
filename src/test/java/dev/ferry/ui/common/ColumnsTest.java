package dev.ferry.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** A narrow table scrolls sideways; its headers are never cut to "…". */
@ExtendWith(ApplicationExtension.class)
class ColumnsTest {
  @Start
  void start(Stage stage) {
    TableView<String> t = new TableView<>();
    t.setId("narrow");
    t.getColumns()
        .addAll(
            List.of(
                Columns.text("Impact", 40, s -> s),
                Columns.text("Version", 30, s -> s),
                Columns.text("Estimated lock", 50, s -> s)));
    t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    t.getItems().add("x");
    stage.setScene(new Scene(t, 160, 200));
    stage.show();
  }

  @Test
  void headersKeepTheirWholeTitle(FxRobot robot) {
    assertThat(robot.lookup("#narrow .column-header .label").queryAllAs(Label.class))
        .extracting(l -> l.lookup(".text") instanceof javafx.scene.text.Text t ? t.getText() : "")
        .containsExactly("Impact", "Version", "Estimated lock");
  }
}
