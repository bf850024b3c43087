package dev.ferry.ui.connect;

import dev.ferry.engine.connect.DatabaseKind;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.controlsfx.validation.ValidationSupport;
import org.controlsfx.validation.Validator;

/** The Connect step's controls: a source form and a target form, each with Test connection. */
public final class ConnectView extends VBox {
  private final ConnectViewModel vm;
  private final ValidationSupport validation = new ValidationSupport();

  public ConnectView(ConnectViewModel vm) {
    this.vm = vm;
    setSpacing(16);
    setPadding(new Insets(16));
    TitledPane source = new TitledPane("Source", sourceForm());
    TitledPane target = new TitledPane("Target PostgreSQL", targetForm());
    source.setCollapsible(false);
    target.setCollapsible(false);
    source.setMaxHeight(Double.MAX_VALUE);
    target.setMaxHeight(Double.MAX_VALUE);
    // two equal halves, whatever each form would like
    source.setPrefWidth(0);
    target.setPrefWidth(0);
    HBox.setHgrow(source, Priority.ALWAYS);
    HBox.setHgrow(target, Priority.ALWAYS);
    HBox forms = new HBox(16, source, target);
    VBox.setVgrow(forms, Priority.ALWAYS);
    getChildren().addAll(profilesBar(), forms);
  }

  private HBox profilesBar() {
    ComboBox<String> name = new ComboBox<>(vm.profiles());
    name.setId("profileName");
    name.setEditable(true);
    name.setPromptText("profile name");
    name.getEditor().textProperty().bindBidirectional(vm.profileNameProperty());
    name.setOnAction(
        e -> {
          String chosen = name.getValue();
          if (chosen != null && vm.profiles().contains(chosen)) {
            vm.loadProfile(chosen);
          }
        });
    CheckBox withPasswords = new CheckBox("with passwords (encrypted)");
    withPasswords.setId("savePasswords");
    withPasswords.selectedProperty().bindBidirectional(vm.savePasswordsProperty());
    Button save = new Button("Save pro_file");
    save.setId("saveProfile");
    save.disableProperty().bind(vm.profileNameProperty().isEmpty());
    save.setOnAction(e -> vm.saveProfile());
    Button delete = new Button("Delete profile");
    delete.disableProperty().bind(vm.profileNameProperty().isEmpty());
    delete.setOnAction(e -> vm.deleteProfile());
    Label status = new Label();
    status.setId("profileStatus");
    status.textProperty().bind(vm.profileStatusProperty());
    Label l = new Label("Connection profile");
    HBox bar = new HBox(8, l, name, withPasswords, save, delete, status);
    bar.setAlignment(Pos.CENTER_LEFT);
    vm.refreshProfiles();
    return bar;
  }

  private VBox sourceForm() {
    ComboBox<DatabaseKind> kind = new ComboBox<>();
    kind.getItems().addAll(DatabaseKind.values());
    kind.setConverter(
        new StringConverter<>() {
          @Override
          public String toString(DatabaseKind k) {
            return k == null
                ? ""
                : switch (k) {
                  case SQLITE -> "SQLite (one or more files)";
                  case POSTGRESQL -> "PostgreSQL";
                  case MYSQL -> "MySQL / MariaDB";
                };
          }

          @Override
          public DatabaseKind fromString(String s) {
            return null;
          }
        });
    kind.valueProperty().bindBidirectional(vm.sourceKindProperty());
    kind.setId("sourceKind");

    ListView<Path> files = new ListView<>(vm.sqliteFiles());
    files.setId("sqliteFiles");
    files.setPrefHeight(140);
    files.setPlaceholder(new Label("No SQLite file yet: Add files…"));
    files.setCellFactory(
        l ->
            new ListCell<>() {
              @Override
              protected void updateItem(Path p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? null : p.getFileName() + "   (" + p.getParent() + ")");
              }
            });
    Button add = new Button("_Add files…");
    add.setId("addFiles");
    add.setOnAction(
        e -> {
          FileChooser fc = new FileChooser();
          fc.setTitle("SQLite databases to migrate");
          fc.getExtensionFilters()
              .addAll(
                  new FileChooser.ExtensionFilter(
                      "SQLite databases", "*.db", "*.sqlite", "*.sqlite3"),
                  new FileChooser.ExtensionFilter("All files", "*"));
          List<File> chosen = fc.showOpenMultipleDialog(getScene().getWindow());
          if (chosen != null) {
            chosen.stream()
                .map(File::toPath)
                .filter(p -> !vm.sqliteFiles().contains(p))
                .forEach(vm.sqliteFiles()::add);
          }
        });
    Button remove = new Button("_Remove");
    remove.disableProperty().bind(files.getSelectionModel().selectedItemProperty().isNull());
    remove.setOnAction(e -> vm.sqliteFiles().remove(files.getSelectionModel().getSelectedItem()));
    VBox sqlite = new VBox(8, files, new HBox(8, add, remove));

    TextField url = new TextField();
    url.setId("sourceUrl");
    url.setPromptText(
        "jdbc:postgresql://host:5432/db?user=… or jdbc:mariadb://host:3306/db?user=…");
    url.textProperty().bindBidirectional(vm.sourceUrlProperty());
    PasswordField password = new PasswordField();
    password.setId("sourcePassword");
    password.textProperty().bindBidirectional(vm.sourcePasswordProperty());
    TextField schemas = new TextField();
    schemas.setPromptText("public, billing (PostgreSQL only; empty = all)");
    schemas.textProperty().bindBidirectional(vm.sourceSchemasProperty());
    GridPane server = grid();
    row(server, 0, "_URL", url);
    row(server, 1, "Pass_word", password);
    row(server, 2, "Sc_hemas", schemas);

    var isSqlite = vm.sourceKindProperty().isEqualTo(DatabaseKind.SQLITE);
    sqlite.visibleProperty().bind(isSqlite);
    sqlite.managedProperty().bind(isSqlite);
    server.visibleProperty().bind(isSqlite.not());
    server.managedProperty().bind(isSqlite.not());

    Button test = new Button("_Test source");
    test.setId("testSource");
    test.disableProperty().bind(vm.sourceErrorBinding().isNotNull().or(vm.testingProperty()));
    test.setOnAction(e -> vm.testSource());
    Label error = errorLabel();
    error
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> orEmpty(vm.sourceErrorBinding().get()), vm.sourceErrorBinding()));
    Label status = statusLabel("sourceStatus");
    status.textProperty().bind(vm.sourceStatusProperty());
    GridPane top = grid();
    row(top, 0, "_Database type", kind);
    return new VBox(10, top, sqlite, server, test, error, status);
  }

  private VBox targetForm() {
    CheckBox byUrl = new CheckBox("Use a _JDBC URL instead of fields");
    byUrl.selectedProperty().bindBidirectional(vm.targetByUrlProperty());
    TextField url =
        field("targetUrl", vm.targetUrlProperty(), "jdbc:postgresql://host:5432/db?user=…");
    TextField host = field("targetHost", vm.targetHostProperty(), "127.0.0.1");
    TextField port = field("targetPort", vm.targetPortProperty(), "5432");
    TextField db = field("targetDatabase", vm.targetDatabaseProperty(), "database");
    TextField user =
        field("targetUser", vm.targetUserProperty(), "user (default: $PGUSER / OS user)");
    PasswordField password = new PasswordField();
    password.setId("targetPassword");
    password.setPromptText("kept in memory only");
    password.textProperty().bindBidirectional(vm.targetPasswordProperty());
    ComboBox<String> ssl = new ComboBox<>();
    ssl.getItems().addAll("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
    ssl.valueProperty().bindBidirectional(vm.targetSslModeProperty());
    TextField schema = field("targetSchema", vm.targetSchemaProperty(), "public");

    GridPane fields = grid();
    row(fields, 0, "_Host", host);
    row(fields, 1, "P_ort", port);
    row(fields, 2, "Data_base", db);
    row(fields, 3, "U_ser", user);
    row(fields, 4, "SSL _mode", ssl);
    GridPane urlGrid = grid();
    row(urlGrid, 0, "UR_L", url);
    var byUrlOn = vm.targetByUrlProperty();
    fields.visibleProperty().bind(byUrlOn.not());
    fields.managedProperty().bind(byUrlOn.not());
    urlGrid.visibleProperty().bind(byUrlOn);
    urlGrid.managedProperty().bind(byUrlOn);
    GridPane common = grid();
    row(common, 0, "Pass_word", password);
    row(common, 1, "Target _schema", schema);

    validation.registerValidator(
        port,
        false,
        Validator.createPredicateValidator(
            (String s) ->
                byUrlOn.get() || s == null || s.isBlank() || s.strip().matches("\\d{1,5}"),
            "Port must be a number"));
    validation.registerValidator(
        db,
        false,
        Validator.createPredicateValidator(
            (String s) -> byUrlOn.get() || s != null && !s.isBlank(), "Enter the target database"));
    validation.registerValidator(schema, false, Validator.createEmptyValidator("Enter a schema"));

    Button test = new Button("T_est target");
    test.setId("testTarget");
    test.disableProperty().bind(vm.targetErrorBinding().isNotNull().or(vm.testingProperty()));
    test.setOnAction(e -> vm.testTarget());
    Label error = errorLabel();
    error
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> orEmpty(vm.targetErrorBinding().get()), vm.targetErrorBinding()));
    Label status = statusLabel("targetStatus");
    status.textProperty().bind(vm.targetStatusProperty());
    return new VBox(10, byUrl, fields, urlGrid, common, test, error, status);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static TextField field(String id, StringProperty p, String prompt) {
    TextField f = new TextField();
    f.setId(id);
    f.setPromptText(prompt);
    f.textProperty().bindBidirectional(p);
    return f;
  }

  private static Label errorLabel() {
    Label l = new Label();
    l.getStyleClass().add("form-error");
    l.setWrapText(true);
    return l;
  }

  private static Label statusLabel(String id) {
    Label l = new Label();
    l.setId(id);
    l.getStyleClass().add("connection-status");
    l.setWrapText(true);
    return l;
  }

  private static GridPane grid() {
    GridPane g = new GridPane();
    g.setHgap(8);
    g.setVgap(8);
    ColumnConstraints label = new ColumnConstraints(110);
    ColumnConstraints value = new ColumnConstraints();
    value.setHgrow(Priority.ALWAYS);
    value.setFillWidth(true);
    g.getColumnConstraints().addAll(label, value);
    return g;
  }

  private static void row(GridPane g, int r, String label, Control c) {
    Label l = new Label(label);
    l.setMnemonicParsing(true);
    l.setLabelFor(c);
    c.setMaxWidth(Double.MAX_VALUE);
    g.addRow(r, l, c);
  }
}
