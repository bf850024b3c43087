package dev.ferry.ui.session;

import dev.ferry.engine.Ferry;
import dev.ferry.engine.assess.Assessment;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.Waiver;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.Settings;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What the steps of one migration share: the connections chosen in Connect, the assessment, the
 * plan being edited, the waivers. Each step's ViewModel reads and writes it; nothing here touches a
 * control.
 */
public final class MigrationSession {
  private final Path workspace;
  private final ObjectProperty<List<ConnectionSpec>> sources =
      new SimpleObjectProperty<>(List.of());
  private final ObjectProperty<ConnectionSpec> target = new SimpleObjectProperty<>();
  private final ObjectProperty<String> targetSchema = new SimpleObjectProperty<>("public");
  private final ObjectProperty<List<String>> sourceSchemas = new SimpleObjectProperty<>(List.of());
  private final ObjectProperty<Settings> settings = new SimpleObjectProperty<>(Settings.defaults());
  private final ObjectProperty<Assessment> assessment = new SimpleObjectProperty<>();
  private final ObjectProperty<MigrationPlan> plan = new SimpleObjectProperty<>();
  private final ObservableList<Waiver> waivers = FXCollections.observableArrayList();
  private final ObjectProperty<MigrationResult> result = new SimpleObjectProperty<>();

  public MigrationSession(Path workspace) {
    this.workspace = workspace;
    // a new connection invalidates what was learned about the old one
    sources.addListener((o, a, b) -> forgetAssessment());
    target.addListener((o, a, b) -> forgetAssessment());
  }

  private void forgetAssessment() {
    assessment.set(null);
    plan.set(null);
    waivers.clear();
  }

  public Path workspace() {
    return workspace;
  }

  /** A configured engine for the current connections and settings. */
  public Ferry ferry() {
    Ferry.Builder b =
        Ferry.configure()
            .workspace(workspace)
            .targetSchema(targetSchema.get())
            .sourceSchemas(sourceSchemas.get())
            .settings(settings.get());
    sources.get().forEach(b::source);
    if (target.get() != null) {
      b.target(target.get());
    }
    return b.load();
  }

  public ObjectProperty<List<ConnectionSpec>> sourcesProperty() {
    return sources;
  }

  public ObjectProperty<ConnectionSpec> targetProperty() {
    return target;
  }

  public ObjectProperty<String> targetSchemaProperty() {
    return targetSchema;
  }

  public ObjectProperty<List<String>> sourceSchemasProperty() {
    return sourceSchemas;
  }

  public ObjectProperty<Settings> settingsProperty() {
    return settings;
  }

  public ObjectProperty<Assessment> assessmentProperty() {
    return assessment;
  }

  public ObjectProperty<MigrationPlan> planProperty() {
    return plan;
  }

  /** The result of the run (set by Migrate, or when a past run is opened from History). */
  public ObjectProperty<MigrationResult> resultProperty() {
    return result;
  }

  public ObservableList<Waiver> waivers() {
    return waivers;
  }
}
