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
    List<String> internalRoles) {

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
        texts(internal.path("roles")));
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
