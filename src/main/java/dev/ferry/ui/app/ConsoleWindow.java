package dev.ferry.ui.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.ferry.ui.assess.AssessStep;
import dev.ferry.ui.assess.AssessViewModel;
import dev.ferry.ui.common.TaskExecutor;
import dev.ferry.ui.connect.ConnectStep;
import dev.ferry.ui.connect.ConnectViewModel;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * Builds the console in a stage: the session, one ViewModel per step, the navigator. Used by {@link
 * FerryConsole} and by the TestFX tests (which pass their own executor and workspace).
 */
public final class ConsoleWindow {
  private final MigrationSession session;
  private final ConsoleViewModel console;
  private final ConnectViewModel connect;
  private final AssessViewModel assess;
  private final ConsolePreferences prefs;
  private final Scene scene;

  public ConsoleWindow(Stage stage, TaskExecutor executor, Path workspace) {
    session = new MigrationSession(workspace);
    prefs = new ConsolePreferences(workspace);
    connect = new ConnectViewModel(session, executor);
    assess = new AssessViewModel(session, executor);
    List<StepPage> pages = List.of(new ConnectStep(connect), new AssessStep(assess));
    console = new ConsoleViewModel(pages.stream().map(StepPage::step).toList());
    // new connections make everything after Connect start over
    session.sourcesProperty().addListener((o, a, b) -> console.resetAfter(Step.CONNECT));
    session.targetProperty().addListener((o, a, b) -> console.resetAfter(Step.CONNECT));
    assess
        .runningProperty()
        .addListener(
            (o, a, running) ->
                console
                    .state(Step.ASSESS)
                    .set(
                        running
                            ? StepState.RUNNING
                            : session.assessmentProperty().get() == null
                                ? StepState.FAILED
                                : StepState.DONE));
    prefs.restore(connect);
    ConsoleView view = new ConsoleView(console, pages, header());
    scene = new Scene(view, prefs.width(), prefs.height());
    scene
        .getStylesheets()
        .add(ConsoleWindow.class.getResource("/dev/ferry/ui/ferry.css").toExternalForm());
    stage.setTitle("Ferry — migration console");
    stage.setScene(scene);
    stage.setOnHiding(e -> prefs.save(connect, scene.getWidth(), scene.getHeight(), isDark()));
    applyTheme(prefs.dark());
  }

  private boolean dark;

  private boolean isDark() {
    return dark;
  }

  private void applyTheme(boolean dark) {
    this.dark = dark;
    Application.setUserAgentStylesheet(
        dark
            ? new PrimerDark().getUserAgentStylesheet()
            : new PrimerLight().getUserAgentStylesheet());
  }

  private HBox header() {
    Label title = new Label("Ferry");
    title.getStyleClass().add("app-title");
    Label subtitle =
        new Label("SQLite, PostgreSQL and MySQL into PostgreSQL — assessed, planned, validated");
    subtitle.getStyleClass().add("app-subtitle");
    ToggleButton theme = new ToggleButton("Dar_k theme");
    theme.setId("darkTheme");
    theme.setSelected(prefs.dark());
    theme.selectedProperty().addListener((o, a, b) -> applyTheme(b));
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox h = new HBox(12, new VBox(title, subtitle), spacer, theme);
    h.setAlignment(Pos.CENTER_LEFT);
    h.setPadding(new Insets(10, 16, 6, 16));
    h.getStyleClass().add("app-header");
    return h;
  }

  public MigrationSession session() {
    return session;
  }

  public ConsoleViewModel console() {
    return console;
  }

  public ConnectViewModel connect() {
    return connect;
  }

  public AssessViewModel assess() {
    return assess;
  }
}
