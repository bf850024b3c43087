package dev.ferry.ui.connect;

import dev.ferry.engine.connect.ConnectionCheck;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.ConnectionTester;
import dev.ferry.engine.connect.DatabaseKind;
import dev.ferry.engine.connect.Redaction;
import dev.ferry.engine.connect.Secret;
import dev.ferry.engine.core.FerryException;
import dev.ferry.ui.common.BackgroundTask;
import dev.ferry.ui.common.TaskExecutor;
import dev.ferry.ui.session.MigrationSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Connect step: the source (SQLite files, or a PostgreSQL / MySQL URL) and the target
 * PostgreSQL (libpq-style fields or a JDBC URL), validated as they are typed, and "Test connection"
 * run in the background. Passwords live only in memory.
 */
public final class ConnectViewModel {
  private final MigrationSession session;
  private final TaskExecutor executor;
  private final Map<String, String> env;

  private final ObjectProperty<DatabaseKind> sourceKind =
      new SimpleObjectProperty<>(DatabaseKind.SQLITE);
  private final ObservableList<Path> sqliteFiles = FXCollections.observableArrayList();
  private final StringProperty sourceUrl = new SimpleStringProperty("");
  private final StringProperty sourcePassword = new SimpleStringProperty("");
  private final StringProperty sourceSchemas = new SimpleStringProperty("");

  private final BooleanProperty targetByUrl = new SimpleBooleanProperty(false);
  private final StringProperty targetUrl = new SimpleStringProperty("");
  private final StringProperty targetHost = new SimpleStringProperty("127.0.0.1");
  private final StringProperty targetPort = new SimpleStringProperty("5432");
  private final StringProperty targetDatabase = new SimpleStringProperty("");
  private final StringProperty targetUser = new SimpleStringProperty("");
  private final StringProperty targetPassword = new SimpleStringProperty("");
  private final StringProperty targetSslMode = new SimpleStringProperty("prefer");
  private final StringProperty targetSchema = new SimpleStringProperty("public");

  private final ConnectionProfiles profileStore;
  private final ObservableList<String> profiles = FXCollections.observableArrayList();
  private final StringProperty profileName = new SimpleStringProperty("");
  private final BooleanProperty savePasswords = new SimpleBooleanProperty(false);
  private final ReadOnlyStringWrapper profileStatus = new ReadOnlyStringWrapper("");
  private final StringBinding sourceError;
  private final StringBinding targetError;
  private final BooleanBinding valid;
  private final ReadOnlyStringWrapper sourceStatus = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper targetStatus = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper testing = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyBooleanWrapper targetOk = new ReadOnlyBooleanWrapper(false);
  // why the last Test of a side failed; null when it passed or the connection changed since
  private final ReadOnlyStringWrapper sourceTestFailure = new ReadOnlyStringWrapper();
  private final ReadOnlyStringWrapper targetTestFailure = new ReadOnlyStringWrapper();
  // one binding kept here: a listener on a binding nobody holds is lost with it
  private final BooleanBinding testFailed =
      sourceTestFailure.isNotNull().or(targetTestFailure.isNotNull());

  public ConnectViewModel(MigrationSession session, TaskExecutor executor) {
    this(session, executor, System.getenv());
  }

  ConnectViewModel(MigrationSession session, TaskExecutor executor, Map<String, String> env) {
    this.session = session;
    this.executor = executor;
    this.env = env;
    this.profileStore = new ConnectionProfiles(session.workspace());
    Observable[] sourceInputs = {sourceKind, sqliteFiles, sourceUrl, sourcePassword};
    Observable[] targetInputs = {
      targetByUrl,
      targetUrl,
      targetHost,
      targetPort,
      targetDatabase,
      targetUser,
      targetPassword,
      targetSslMode,
      targetSchema
    };
    sourceError = Bindings.createStringBinding(this::checkSource, sourceInputs);
    targetError = Bindings.createStringBinding(this::checkTarget, targetInputs);
    valid =
        sourceError
            .isNull()
            .and(targetError.isNull())
            .and(sourceTestFailure.isNull())
            .and(targetTestFailure.isNull());
    // a failed Test holds the step until the connection it tested changes
    for (Observable o : sourceInputs) {
      o.addListener((InvalidationListener) x -> sourceTestFailure.set(null));
    }
    for (Observable o : targetInputs) {
      o.addListener((InvalidationListener) x -> targetTestFailure.set(null));
    }
    // an edited connection has to be tested again
    sourceError.addListener((o, a, b) -> sourceStatus.set(""));
    targetError.addListener(
        (o, a, b) -> {
          targetStatus.set("");
          targetOk.set(false);
        });
  }

  // ------------------------------------------------------------------ validation

  private String checkSource() {
    if (sourceKind.get() == DatabaseKind.SQLITE) {
      if (sqliteFiles.isEmpty()) {
        return "Add at least one SQLite file.";
      }
      for (Path p : sqliteFiles) {
        if (!Files.isRegularFile(p)) {
          return "No such file: " + p;
        }
      }
      long names =
          sqliteFiles.stream().map(p -> ConnectionSpec.sqlite(p).name()).distinct().count();
      if (names < sqliteFiles.size()) {
        return "Two files have the same name; Ferry names sources after their file.";
      }
      return null;
    }
    if (sourceUrl.get().isBlank()) {
      return "Enter the source's JDBC URL (jdbc:"
          + (sourceKind.get() == DatabaseKind.MYSQL ? "mariadb" : "postgresql")
          + "://host:port/database?user=…).";
    }
    try {
      ConnectionSpec s = ConnectionSpec.parse(sourceUrl.get(), env);
      if (s.kind() != sourceKind.get()) {
        return "That URL is for "
            + s.kind().name().toLowerCase()
            + ", not the chosen database type.";
      }
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    return null;
  }

  private String checkTarget() {
    try {
      ConnectionSpec t = buildTarget();
      if (!t.canBeTarget()) {
        return "The target must be PostgreSQL.";
      }
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    if (targetSchema.get().isBlank()) {
      return "Enter the schema Ferry writes to.";
    }
    return null;
  }

  // ------------------------------------------------------------------ building specs

  /** The sources as the engine takes them. */
  public List<ConnectionSpec> buildSources() {
    if (sourceKind.get() == DatabaseKind.SQLITE) {
      return sqliteFiles.stream().map(ConnectionSpec::sqlite).toList();
    }
    return List.of(ConnectionSpec.parse(sourceUrl.get(), env).withPassword(sourcePassword.get()));
  }

  public ConnectionSpec buildTarget() {
    if (targetByUrl.get()) {
      if (targetUrl.get().isBlank()) {
        throw new IllegalArgumentException(
            "Enter the target's URL (jdbc:postgresql://host:5432/db?user=…).");
      }
      return ConnectionSpec.parse(targetUrl.get(), env).withPassword(targetPassword.get());
    }
    Integer port;
    try {
      port = targetPort.get().isBlank() ? null : Integer.valueOf(targetPort.get().strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Port must be a number, not '" + targetPort.get() + "'.");
    }
    if (port != null && (port < 1 || port > 65535)) {
      throw new IllegalArgumentException("Port must be between 1 and 65535.");
    }
    if (targetDatabase.get().isBlank() && env.get("PGDATABASE") == null) {
      throw new IllegalArgumentException("Enter the target database.");
    }
    return ConnectionSpec.postgres(
        blankToNull(targetHost.get()),
        port,
        blankToNull(targetDatabase.get()),
        blankToNull(targetUser.get()),
        Secret.of(targetPassword.get().isEmpty() ? null : targetPassword.get()),
        blankToNull(targetSslMode.get()),
        env);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** Copies the valid connections into the session (what Next does). */
  public void apply() {
    session.sourcesProperty().set(buildSources());
    session.targetProperty().set(buildTarget());
    session.targetSchemaProperty().set(targetSchema.get().strip());
    session
        .sourceSchemasProperty()
        .set(
            Arrays.stream(sourceSchemas.get().split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList());
  }

  // ------------------------------------------------------------------ saving

  /**
   * The form's fields as properties — never a password: one typed into a URL ({@code
   * user:password@host}, {@code ?password=}) is taken out. Used for the remembered last connection
   * and for saved profiles.
   */
  public Properties fields() {
    Properties p = new Properties();
    p.setProperty("source.kind", sourceKind.get().name());
    p.setProperty(
        "source.files", String.join("\n", sqliteFiles.stream().map(Path::toString).toList()));
    p.setProperty("source.url", Redaction.strip(sourceUrl.get()));
    p.setProperty("source.schemas", sourceSchemas.get());
    p.setProperty("target.url", Redaction.strip(targetUrl.get()));
    p.setProperty("target.host", targetHost.get());
    p.setProperty("target.port", targetPort.get());
    p.setProperty("target.database", targetDatabase.get());
    p.setProperty("target.user", targetUser.get());
    p.setProperty("target.sslmode", targetSslMode.get());
    p.setProperty("target.schema", targetSchema.get());
    p.setProperty("target.byUrl", Boolean.toString(targetByUrl.get()));
    return p;
  }

  /** Fills the form from {@link #fields()} (missing keys leave a field as it is). */
  public void applyFields(Properties p) {
    String kind = p.getProperty("source.kind");
    if (kind != null) {
      try {
        sourceKind.set(DatabaseKind.valueOf(kind));
      } catch (IllegalArgumentException e) {
        // an unknown kind from another version: keep the current one
      }
    }
    String files = p.getProperty("source.files");
    if (files != null) {
      sqliteFiles.setAll(
          Arrays.stream(files.split("\n"))
              .filter(f -> !f.isBlank())
              .map(Path::of)
              .filter(Files::isRegularFile)
              .toList());
    }
    set(sourceUrl, p, "source.url");
    set(sourceSchemas, p, "source.schemas");
    set(targetUrl, p, "target.url");
    set(targetHost, p, "target.host");
    set(targetPort, p, "target.port");
    set(targetDatabase, p, "target.database");
    set(targetUser, p, "target.user");
    set(targetSslMode, p, "target.sslmode");
    set(targetSchema, p, "target.schema");
    if (p.getProperty("target.byUrl") != null) {
      targetByUrl.set(Boolean.parseBoolean(p.getProperty("target.byUrl")));
    }
  }

  private static void set(StringProperty prop, Properties p, String key) {
    String v = p.getProperty(key);
    if (v != null) {
      prop.set(v);
    }
  }

  // ------------------------------------------------------------------ profiles

  public void refreshProfiles() {
    BackgroundTask.wrap(profileStore::names)
        .onSuccess(profiles::setAll)
        .onFailure(e -> profileStatus.set("✗ " + FerryException.describe(e)))
        .executeWith(executor);
  }

  /** Saves the form under {@link #profileNameProperty()}; passwords only if opted in, encrypted. */
  public void saveProfile() {
    String name = profileName.get().strip();
    boolean withPasswords = savePasswords.get();
    BackgroundTask.wrap(
            () -> {
              profileStore.save(name, this, withPasswords);
              return profileStore.names();
            })
        .onSuccess(
            names -> {
              profiles.setAll(names);
              profileStatus.set(
                  "Saved profile '"
                      + name
                      + "'"
                      + (withPasswords ? " with its passwords encrypted." : " without passwords."));
            })
        .onFailure(e -> profileStatus.set("✗ Not saved: " + describe(e)))
        .executeWith(executor);
  }

  public void loadProfile(String name) {
    BackgroundTask.wrap(() -> profileStore.read(name))
        .onSuccess(
            p -> {
              p.applyTo(this);
              profileName.set(p.name());
              profileStatus.set("Loaded profile '" + p.name() + "'.");
            })
        .onFailure(e -> profileStatus.set("✗ Cannot load '" + name + "': " + describe(e)))
        .executeWith(executor);
  }

  public void deleteProfile() {
    String name = profileName.get().strip();
    BackgroundTask.wrap(
            () -> {
              profileStore.delete(name);
              return profileStore.names();
            })
        .onSuccess(
            names -> {
              profiles.setAll(names);
              profileStatus.set("Deleted profile '" + name + "'.");
            })
        .onFailure(e -> profileStatus.set("✗ " + describe(e)))
        .executeWith(executor);
  }

  private static String describe(Throwable e) {
    return e instanceof IllegalArgumentException ? e.getMessage() : FerryException.describe(e);
  }

  public ObservableList<String> profiles() {
    return profiles;
  }

  public StringProperty profileNameProperty() {
    return profileName;
  }

  public BooleanProperty savePasswordsProperty() {
    return savePasswords;
  }

  public ReadOnlyStringProperty profileStatusProperty() {
    return profileStatus.getReadOnlyProperty();
  }

  // ------------------------------------------------------------------ testing

  public void testSource() {
    List<ConnectionSpec> specs = buildSources();
    BackgroundTask.wrap(
            () -> {
              List<String> lines = new ArrayList<>();
              for (ConnectionSpec s : specs) {
                ConnectionCheck c = ConnectionTester.test(s, null);
                lines.add(describe(s, c, false));
              }
              return String.join("\n", lines);
            })
        .onRunning(() -> running(sourceStatus, "Testing the source…"))
        .onSuccess(
            text -> {
              sourceTestFailure.set(null);
              sourceStatus.set(text);
            })
        .onFailure(
            e -> {
              String why = FerryException.describe(e);
              sourceStatus.set("✗ " + why);
              sourceTestFailure.set(why);
            })
        .onFinished(() -> testing.set(false))
        .executeWith(executor);
  }

  public void testTarget() {
    ConnectionSpec t = buildTarget();
    String schema = targetSchema.get().strip();
    BackgroundTask.wrap(() -> ConnectionTester.test(t, schema))
        .onRunning(() -> running(targetStatus, "Testing the target…"))
        .onSuccess(
            c -> {
              targetOk.set(c.canCreate());
              targetTestFailure.set(null);
              targetStatus.set(describe(t, c, true));
            })
        .onFailure(
            e -> {
              targetOk.set(false);
              String why = FerryException.describe(e);
              targetStatus.set("✗ " + why);
              targetTestFailure.set(why);
            })
        .onFinished(() -> testing.set(false))
        .executeWith(executor);
  }

  private void running(ReadOnlyStringWrapper status, String text) {
    testing.set(true);
    status.set(text);
  }

  private static String describe(ConnectionSpec s, ConnectionCheck c, boolean target) {
    StringBuilder sb =
        new StringBuilder("✓ ")
            .append(s.name())
            .append(": ")
            .append(c.serverVersion())
            .append(", user ")
            .append(c.currentUser())
            .append(", encoding ")
            .append(c.encoding());
    if (target) {
      sb.append(", schema ")
          .append(c.schema())
          .append(c.schemaExists() ? " exists" : " will be created")
          .append(c.canCreate() ? ", CREATE allowed" : " — ✗ this user may not create there");
    }
    return sb.toString();
  }

  /**
   * Takes these SQLite files as the source (the demo's): the window that offers them need not name
   * a database kind.
   */
  public void useSqliteFiles(List<Path> files) {
    sourceKind.set(DatabaseKind.SQLITE);
    sqliteFiles.setAll(files);
  }

  // ------------------------------------------------------------------ properties

  public ObjectProperty<DatabaseKind> sourceKindProperty() {
    return sourceKind;
  }

  public ObservableList<Path> sqliteFiles() {
    return sqliteFiles;
  }

  public StringProperty sourceUrlProperty() {
    return sourceUrl;
  }

  public StringProperty sourcePasswordProperty() {
    return sourcePassword;
  }

  public StringProperty sourceSchemasProperty() {
    return sourceSchemas;
  }

  public BooleanProperty targetByUrlProperty() {
    return targetByUrl;
  }

  public StringProperty targetUrlProperty() {
    return targetUrl;
  }

  public StringProperty targetHostProperty() {
    return targetHost;
  }

  public StringProperty targetPortProperty() {
    return targetPort;
  }

  public StringProperty targetDatabaseProperty() {
    return targetDatabase;
  }

  public StringProperty targetUserProperty() {
    return targetUser;
  }

  public StringProperty targetPasswordProperty() {
    return targetPassword;
  }

  public StringProperty targetSslModeProperty() {
    return targetSslMode;
  }

  public StringProperty targetSchemaProperty() {
    return targetSchema;
  }

  /** Why Next is disabled: the first problem of the source, then of the target; empty if none. */
  public StringBinding blockedReasonBinding() {
    return Bindings.createStringBinding(
        () -> {
          String s = sourceError.get();
          String t = targetError.get();
          if (s != null) {
            return "Source: " + s;
          }
          if (t != null) {
            return "Target: " + t;
          }
          if (sourceTestFailure.get() != null) {
            return "The source's test failed: correct the connection, then Test it again.";
          }
          if (targetTestFailure.get() != null) {
            return "The target's test failed: correct the connection, then Test it again.";
          }
          return "";
        },
        sourceError,
        targetError,
        sourceTestFailure,
        targetTestFailure);
  }

  /** Whether the last Test of the source or the target failed (and nothing changed since). */
  public BooleanBinding testFailedBinding() {
    return testFailed;
  }

  /** Why the source cannot be used yet, or null. */
  public StringBinding sourceErrorBinding() {
    return sourceError;
  }

  public StringBinding targetErrorBinding() {
    return targetError;
  }

  public BooleanBinding validBinding() {
    return valid;
  }

  public ReadOnlyStringProperty sourceStatusProperty() {
    return sourceStatus.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty targetStatusProperty() {
    return targetStatus.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty testingProperty() {
    return testing.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty targetOkProperty() {
    return targetOk.getReadOnlyProperty();
  }
}
