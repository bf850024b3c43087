package dev.ferry.engine.change;

import java.util.List;

/**
 * A project's verification of the target: its {@code verify/*.sql} checks ({name, PASS | FAIL |
 * ERROR, detail}), the row-level-security audit of the tables with {@code tenantColumn}, and who
 * may read the internal-only views.
 */
public record Verification(
    List<String[]> checks,
    List<RlsAudit.TableAudit> rowLevelSecurity,
    List<InternalAccess.ViewAccess> internalViews,
    String tenantColumn) {

  /** True when every check, audit and internal view passed. */
  public boolean ok() {
    return checks.stream().allMatch(c -> c[1].equals("PASS"))
        && rowLevelSecurity.stream().allMatch(RlsAudit.TableAudit::ok)
        && internalViews.stream().allMatch(InternalAccess.ViewAccess::ok);
  }
}
