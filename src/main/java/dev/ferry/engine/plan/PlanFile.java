package dev.ferry.engine.plan;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes plan files (YAML). Unknown keys are errors, so a typo is not silently ignored.
 */
public final class PlanFile {
  private static final ObjectMapper YAML =
      new ObjectMapper(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static final String HEADER =
      """
      # Ferry migration plan. Edit and run with: ferry migrate --plan <this file>
      # tables[].include: false skips a table; tables[].target renames it.
      # tables[].columns[].type / transform override the cast rule named in 'rule'.
      # transforms: TEXT INTEGER FLOAT DECIMAL BOOLEAN TIMESTAMPTZ TIMESTAMP DATE TIME BYTEA JSON
      #             BIT_BOOLEAN BIT_STRING SET_ARRAY PASSTHROUGH
      # settings.ifExists: FAIL | TRUNCATE | APPEND; settings.loadOrder: CONSTRAINTS_AFTER_LOAD | DEPENDENCY_ORDER
      # Passwords are never stored here: use PGPASSWORD, ~/.pgpass or --target-password.
      """;

  private PlanFile() {}

  public static String toYaml(MigrationPlan plan) {
    try {
      return HEADER + YAML.writeValueAsString(plan);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static MigrationPlan fromYaml(String yaml) {
    try {
      MigrationPlan p = YAML.readValue(yaml, MigrationPlan.class);
      if (p.version() != MigrationPlan.CURRENT_VERSION) {
        throw new IllegalArgumentException(
            "Plan file version "
                + p.version()
                + " is not supported (expected "
                + MigrationPlan.CURRENT_VERSION
                + ")");
      }
      return p;
    } catch (IOException e) {
      throw new IllegalArgumentException("Plan file is not valid: " + e.getMessage(), e);
    }
  }

  public static void write(MigrationPlan plan, Path file) throws IOException {
    Files.writeString(file, toYaml(plan));
  }

  public static MigrationPlan read(Path file) throws IOException {
    return fromYaml(Files.readString(file));
  }
}
