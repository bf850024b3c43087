package dev.ferry.engine.change;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.BaselineResult;
import org.flywaydb.core.api.output.RepairResult;
import org.flywaydb.core.api.output.ValidateResult;

/**
 * Flyway's own commands on a project — info, validate, migrate, baseline, repair — and what the
 * other commands ask of Flyway's view: the pending scripts, the applied versions above a version,
 * and the id of a set of pending scripts that approvals are given for.
 */
final class FlywayRunner {
  private final ChangeTarget target;

  FlywayRunner(ChangeTarget target) {
    this.target = target;
  }

  ChangeInfo info() {
    List<MigrationRow> out = new ArrayList<>();
    for (MigrationInfo m : target.flyway(null).info().all()) {
      out.add(
          new MigrationRow(
              m.getVersion() == null ? null : m.getVersion().getVersion(),
              m.getDescription(),
              m.getScript(),
              m.getType().name(),
              m.getState().getDisplayName(),
              m.getInstalledOn() == null ? null : m.getInstalledOn().toInstant().toString(),
              m.getInstalledBy(),
              m.getChecksum()));
    }
    return new ChangeInfo(out);
  }

  ChangeValidation validate() {
    ValidateResult r = target.flyway(null).validateWithResult();
    List<String> out = new ArrayList<>();
    if (!r.validationSuccessful) {
      r.invalidMigrations.forEach(
          m ->
              out.add(
                  (m.version == null ? m.filepath : "V" + m.version + " " + m.filepath)
                      + ": "
                      + m.errorDetails.errorMessage));
      if (out.isEmpty() && r.errorDetails != null) {
        out.add(r.errorDetails.errorMessage);
      }
    }
    return new ChangeValidation(out);
  }

  /** Applies the pending scripts (up to {@code toVersion} when given); returns how many ran. */
  int migrate(String toVersion) {
    return target.flyway(toVersion).migrate().migrationsExecuted;
  }

  Baseline baseline() {
    BaselineResult r = target.flyway(null).baseline();
    return new Baseline(r.baselineVersion);
  }

  HistoryRepair repair() {
    RepairResult r = target.flyway(null).repair();
    return new HistoryRepair(r.repairActions == null ? List.of() : List.copyOf(r.repairActions));
  }

  /** The pending scripts up to {@code toVersion}, in the order Flyway would run them. */
  MigrationInfo[] pending(String toVersion) {
    return target.flyway(toVersion).info().pending();
  }

  /** The applied SQL versions newer than {@code toVersion}, newest first. */
  List<MigrationInfo> appliedAbove(String toVersion) {
    MigrationVersion to = MigrationVersion.fromVersion(toVersion);
    List<MigrationInfo> out = new ArrayList<>();
    for (MigrationInfo m : target.flyway(null).info().applied()) {
      if (m.getVersion() != null
          && m.getVersion().isNewerThan(to)
          && m.getState().isApplied()
          && m.getType().name().equals("SQL")) {
        out.add(0, m);
      }
    }
    return out;
  }

  /**
   * What an approval is given for: the pending scripts (up to {@code toVersion}) and their
   * checksums, so a script edited after its approval needs approving again.
   */
  String changeId(String toVersion) {
    StringBuilder sb = new StringBuilder();
    for (MigrationInfo m : pending(toVersion)) {
      sb.append(m.getScript()).append(':').append(m.getChecksum()).append(';');
    }
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return "change-" + HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
