package dev.ferry.ui.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.ui.assess.AssessView;
import dev.ferry.ui.assess.AssessViewModel;
import dev.ferry.ui.changes.ChangesView;
import dev.ferry.ui.changes.ChangesViewModel;
import dev.ferry.ui.checklist.ChecklistView;
import dev.ferry.ui.checklist.ChecklistViewModel;
import dev.ferry.ui.common.FocusKeeper;
import dev.ferry.ui.common.TaskExecutor;
import dev.ferry.ui.connect.ConnectView;
import dev.ferry.ui.connect.ConnectViewModel;
import dev.ferry.ui.home.HomeView;
import dev.ferry.ui.home.HomeViewModel;
import dev.ferry.ui.migrate.MigrateView;
import dev.ferry.ui.migrate.MigrateViewModel;
import dev.ferry.ui.plan.PlanView;
import dev.ferry.ui.plan.PlanViewModel;
import dev.ferry.ui.report.ReportView;
import dev.ferry.ui.report.ReportViewModel;
import dev.ferry.ui.session.MigrationSession;
import dev.ferry.ui.validate.ValidateView;
import dev.ferry.ui.validate.ValidateViewModel;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.application.Application;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
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
  private final PlanViewModel plan;
  private final MigrateViewModel migrate;
  private final ValidateViewModel validate;
  private final ChecklistViewModel checklist;
  private final ReportViewModel report;
  private final HomeViewModel home;
  private final ConsoleView view;
  private final HomeView homeView;
  private final ChangesViewModel changes;
  private final ChangesView changesView;
  private final dev.ferry.ui.online.OnlineViewModel online;
  private final dev.ferry.ui.online.OnlineView onlineView;
  private final ConsolePreferences prefs;
  private final Scene scene;

  /**
   * @param openFolder shows a folder (reject files, reports) in the desktop's file manager
   */
  public ConsoleWindow(
      Stage stage, TaskExecutor executor, Path workspace, Consumer<Path> openFolder) {
    UiThreadPriority.raise();
    session = new MigrationSession(workspace);
    prefs = new ConsolePreferences(workspace);
    // the theme first, so every control is styled by it from its first layout
    applyTheme(prefs.dark());
    connect = new ConnectViewModel(session, executor);
    assess = new AssessViewModel(session, executor);
    plan = new PlanViewModel(session, executor);
    migrate = new MigrateViewModel(session, executor);
    validate = new ValidateViewModel(session, executor);
    checklist = new ChecklistViewModel(session, executor);
    report = new ReportViewModel(session, checklist::report, executor);
    home = new HomeViewModel(workspace, executor);
    changes = new ChangesViewModel(executor, workspace);
    online = new dev.ferry.ui.online.OnlineViewModel(executor, workspace);
    // the run's own validation is what Validate shows first
    migrate
        .resultProperty()
        .addListener(
            (o, a, r) -> {
              session.resultProperty().set(r);
              validate.reportProperty().set(r == null ? null : r.validation());
            });
    List<StepPage> pages =
        List.of(
            new Page(
                Step.CONNECT,
                () -> new ConnectView(connect),
                connect.validBinding(),
                connect.blockedReasonBinding(),
                () -> {},
                connect::apply),
            new Page(
                Step.ASSESS,
                () -> new AssessView(assess),
                assess.completeBinding(),
                assess.blockedReasonBinding(),
                assess::runIfNeeded,
                () -> {}),
            new Page(
                Step.PLAN,
                () -> new PlanView(plan),
                plan.validBinding(),
                plan.problemBinding(),
                plan::showSessionPlan,
                plan::apply),
            new Page(
                Step.MIGRATE,
                () -> new MigrateView(migrate, openFolder),
                migrate.completeBinding(),
                migrate.blockedReasonBinding(),
                migrate::prepare,
                () -> {}),
            new Page(
                Step.VALIDATE,
                () -> new ValidateView(validate),
                validate.completeBinding(),
                validate.blockedReasonBinding(),
                () -> {},
                () -> {}),
            new Page(
                Step.CHECKLISTS,
                () -> new ChecklistView(checklist),
                checklist.completeBinding(),
                checklist.blockedReasonBinding(),
                checklist::refresh,
                () -> {}),
            new Page(
                Step.REPORT,
                () -> new ReportView(report, openFolder),
                report.writtenProperty().isNotNull(),
                Bindings.createStringBinding(() -> ""),
                () -> {},
                () -> {}));
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
    // a failed Test marks the step failed (the navigator says so, Next is disabled by validBinding)
    connect
        .testFailedBinding()
        .addListener(
            (o, a, failed) -> {
              if (failed) {
                console.state(Step.CONNECT).set(StepState.FAILED);
              } else if (console.state(Step.CONNECT).get() == StepState.FAILED) {
                console.state(Step.CONNECT).set(StepState.READY);
              }
            });
    migrate
        .stateProperty()
        .addListener(
            (o, a, b) ->
                console
                    .state(Step.MIGRATE)
                    .set(
                        switch (b) {
                          case IDLE -> StepState.READY;
                          case RUNNING, PAUSING -> StepState.RUNNING;
                          case DONE -> StepState.DONE;
                          case FAILED, CANCELLED, PAUSED -> StepState.FAILED;
                        }));
    migrate
        .resultProperty()
        .addListener(
            (o, a, r) -> console.warnings(Step.MIGRATE).set(r == null ? 0 : r.warnings().size()));
    prefs.restore(connect);
    prefs.restore(changes.project());
    view = new ConsoleView(console, pages, header());
    homeView =
        new HomeView(
            home,
            this::newMigration,
            this::startDemo,
            this::showChanges,
            this::showOnline,
            r -> openRun(r, false),
            r -> openRun(r, true));
    changesView = new ChangesView(changes, f -> openFolder.accept(f.getParent()));
    onlineView = new dev.ferry.ui.online.OnlineView(online);
    scene = new Scene(view, prefs.width(), prefs.height());
    FocusKeeper.install(scene);
    scene
        .getStylesheets()
        .add(ConsoleWindow.class.getResource("/dev/ferry/ui/ferry.css").toExternalForm());
    stage.setTitle("Ferry — migration console");
    stage.setScene(scene);
    // every step is laid out for 1024×700 and up; below that labels would be cut
    stage.setMinWidth(MIN_WIDTH);
    stage.setMinHeight(MIN_HEIGHT);
    stage.setOnHiding(
        e -> {
          prefs.remember(changes.project());
          prefs.save(connect, scene.getWidth(), scene.getHeight(), isDark());
        });
    showHome();
  }

  /** The start page: new migration, the demo, recent runs. */
  public void showHome() {
    home.refresh();
    view.showPage(homeView);
  }

  /**
   * The Online page: an online run under way is picked up again; the migration's source and target
   * are the likely ones.
   */
  public void showOnline() {
    if (online.runProperty().get() == null) {
      online.reopen();
    }
    if (online.targetUrlProperty().get().isBlank() && session.targetProperty().get() != null) {
      online.targetUrlProperty().set(session.targetProperty().get().url());
    }
    view.showPage(onlineView);
  }

  /** The schema-changes area: Flyway projects on a live PostgreSQL. */
  public void showChanges() {
    // the migration's target is the likely one
    var project = changes.project();
    if (project.targetUrlProperty().get().isBlank() && session.targetProperty().get() != null) {
      project.targetUrlProperty().set(session.targetProperty().get().url());
    }
    view.showPage(changesView);
  }

  public void newMigration() {
    console.restart();
    view.showWizard();
  }

  private void startDemo() {
    home.startDemo(
        d -> {
          connect.useSqliteFiles(d.files());
          connect.targetByUrlProperty().set(true);
          connect.targetUrlProperty().set(d.targetUrl());
          // the demo server's own password, in the password field (never in the URL)
          connect.targetPasswordProperty().set(d.targetPassword().reveal());
          connect.targetSchemaProperty().set(d.schema());
          newMigration();
        });
  }

  /** Opens a past run read-only, or resumes it. */
  private void openRun(HomeViewModel.RunRow row, boolean resume) {
    home.load(
        row,
        past -> {
          var plan = past.plan();
          session
              .sourcesProperty()
              .set(plan.sources().stream().map(s -> ConnectionSpec.parse(s.url())).toList());
          session.targetProperty().set(ConnectionSpec.parse(plan.target().url()));
          session.targetSchemaProperty().set(plan.target().schema());
          session.planProperty().set(plan);
          session.waivers().setAll(plan.waivers());
          if (resume) {
            console.openPast(Step.MIGRATE);
            view.showWizard();
            migrate.resumeRun(row.run().runId());
            return;
          }
          past.result()
              .ifPresent(r -> migrate.showPast(r, past.run().finishedAt(), past.throughput()));
          console.openPast(past.result().isPresent() ? Step.VALIDATE : Step.MIGRATE);
          view.showWizard();
        });
  }

  /** Stops what the console started (the demo's server). */
  public void close() {
    home.close();
  }

  /** The smallest window every step is laid out for. */
  static final double MIN_WIDTH = 1024;

  static final double MIN_HEIGHT = 700;

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
    Button homeButton = new Button("_Home");
    homeButton.setId("home");
    homeButton.setOnAction(e -> showHome());
    // reached with Alt+H or the mouse; never where the focus falls when a page's button is busy
    homeButton.setFocusTraversable(false);
    theme.setFocusTraversable(false);
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    Button changesButton = new Button("_Schema changes");
    changesButton.setId("schemaChanges");
    changesButton.setOnAction(e -> showChanges());
    changesButton.setFocusTraversable(false);
    HBox h = new HBox(12, new VBox(title, subtitle), spacer, homeButton, changesButton, theme);
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

  public PlanViewModel plan() {
    return plan;
  }

  public MigrateViewModel migrate() {
    return migrate;
  }

  public ValidateViewModel validate() {
    return validate;
  }

  public ChecklistViewModel checklist() {
    return checklist;
  }

  public ReportViewModel report() {
    return report;
  }

  public dev.ferry.ui.online.OnlineViewModel online() {
    return online;
  }

  public ChangesViewModel changes() {
    return changes;
  }

  public HomeViewModel home() {
    return home;
  }
}
