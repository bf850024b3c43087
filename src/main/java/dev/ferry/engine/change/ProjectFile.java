package dev.ferry.engine.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ferry.engine.core.FerryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ferry-change.yaml} in the migrations folder: the approvals {@code migrate} waits for, the
 * tenant column and setting of the row-level-security audit, and the views that must stay internal
 * with the roles allowed to read them. Read when a command needs it, so an edit counts at once; a
 * folder without the file asks for nothing.
 */
record ProjectFile(
    List<String> approvals,
    boolean oneRolePerApprover,
    double perfTolerance,
    String tenantColumn,
    String tenantSetting,
    List<String> internalViews,
    List<String> internalRoles,
    RiskThresholds risk) {

  static ProjectFile read(Path folder) {
    JsonNode root = tree(folder.resolve("ferry-change.yaml"));
    JsonNode tenant = root.path("tenant");
    JsonNode internal = root.path("internal");
    return new ProjectFile(
        texts(root.path("approvals")),
        // sameApprover: refuse | warn (default): one person giving two roles' approvals
        root.path("sameApprover").asText("warn").strip().equalsIgnoreCase("refuse"),
        // perfTolerance: 10% — how much slower than its baseline a query may get
        percent(root.path("perfTolerance").asText("50%")),
        tenant.path("column").asText("tenant_id"),
        tenant.path("setting").asText("app.current_tenant_id"),
        texts(internal.path("views")),
        texts(internal.path("roles")),
        // risk: {mediumAfter: 0s, highAfter: 1s} — how long a lock that blocks writes may be held
        new RiskThresholds(
            seconds(root.path("risk").path("mediumAfter"), RiskThresholds.DEFAULT.mediumAfter()),
            seconds(root.path("risk").path("highAfter"), RiskThresholds.DEFAULT.highAfter())));
  }

  /** A duration such as {@code 2s}, {@code 500ms} or {@code 1.5} (seconds). */
  private static double seconds(JsonNode n, double otherwise) {
    if (n.isMissingNode() || n.isNull()) {
      return otherwise;
    }
    String t = n.asText().strip().toLowerCase(java.util.Locale.ROOT);
    try {
      double v =
          t.endsWith("ms")
              ? Double.parseDouble(t.substring(0, t.length() - 2).strip()) / 1000
              : Double.parseDouble(t.replaceFirst("s$", "").strip());
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "risk thresholds in ferry-change.yaml are durations such as 2s or 500ms, not '"
              + n.asText()
              + "'");
    }
  }

  private static double percent(String text) {
    String t = text.strip().replace("%", "").strip();
    try {
      double v = Double.parseDouble(t) / 100;
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "perfTolerance in ferry-change.yaml must be a percentage such as 10%, not '"
              + text
              + "'");
    }
  }

  private static JsonNode tree(Path f) {
    if (!Files.exists(f)) {
      return MissingNode.getInstance();
    }
    try {
      return new ObjectMapper(new YAMLFactory()).readTree(f.toFile());
    } catch (IOException e) {
      throw new FerryException("Cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  private static List<String> texts(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.asText()));
    return out;
  }
}
