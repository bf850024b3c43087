package dev.ferry.engine.change;

import dev.ferry.engine.core.FerryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks a project runs on the target after a change: its own SQL ({@code verify/*.sql}), the
 * row-level-security audit of the multi-tenant tables, and who may read the internal views. Each
 * opens its own session in the project's schema.
 */
final class Verifier {
  /** Rows of a failing check shown: enough to name the problem, not a dump of the table. */
  private static final int ROWS_SHOWN = 10;

  private final ChangeTarget target;

  Verifier(ChangeTarget target) {
    this.target = target;
  }

  /** The three verifications, with the project's tenancy where none is given. */
  Verification run(ProjectFile project, String tenantColumn, String tenantSetting)
      throws SQLException {
    List<String[]> checks = sqlChecks();
    String column = tenantColumn != null ? tenantColumn : project.tenantColumn();
    String setting = tenantSetting != null ? tenantSetting : project.tenantSetting();
    return new Verification(
        checks, rowLevelSecurity(column, setting), internalViews(project), column);
  }

  /**
   * Runs the folder's verification SQL, one query a file: a query passes when it returns no rows;
   * the first rows of a failing one are shown.
   */
  List<String[]> sqlChecks() throws SQLException {
    List<String[]> out = new ArrayList<>();
    Path dir = target.folder().resolve("verify");
    if (!Files.isDirectory(dir)) {
      return out;
    }
    List<Path> files;
    try (var s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
    } catch (IOException e) {
      throw new FerryException("Cannot read " + dir + ": " + e.getMessage(), e);
    }
    try (Connection c = target.open();
        Statement st = c.createStatement()) {
      for (Path f : files) {
        out.add(check(st, f));
      }
    }
    return out;
  }

  private static String[] check(Statement st, Path f) {
    String sql = SqlStatements.read(f).strip().replaceFirst(";\\s*$", "");
    try (ResultSet rs = st.executeQuery(sql)) {
      List<String> rows = new ArrayList<>();
      int cols = rs.getMetaData().getColumnCount();
      while (rs.next() && rows.size() < ROWS_SHOWN) {
        List<String> vals = new ArrayList<>();
        for (int i = 1; i <= cols; i++) {
          vals.add(rs.getMetaData().getColumnLabel(i) + "=" + rs.getString(i));
        }
        rows.add(String.join(", ", vals));
      }
      return new String[] {
        f.getFileName().toString(),
        rows.isEmpty() ? "PASS" : "FAIL",
        rows.isEmpty() ? "no rows" : String.join(" | ", rows)
      };
    } catch (SQLException e) {
      return new String[] {f.getFileName().toString(), "ERROR", FerryException.describe(e)};
    }
  }

  /** The row-level-security audit and isolation probe of the schema's multi-tenant tables. */
  List<RlsAudit.TableAudit> rowLevelSecurity(String tenantColumn, String tenantSetting)
      throws SQLException {
    try (Connection c = target.open()) {
      return RlsAudit.run(c, target.schema(), tenantColumn, tenantSetting);
    }
  }

  /** Who may read the project's internal-only views (nothing to check when none are listed). */
  List<InternalAccess.ViewAccess> internalViews(ProjectFile project) throws SQLException {
    if (project.internalViews().isEmpty()) {
      return List.of();
    }
    try (Connection c = target.open()) {
      return InternalAccess.run(
          c, target.schema(), project.internalViews(), project.internalRoles());
    }
  }
}
