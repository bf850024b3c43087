package dev.ferry.engine.change;

import dev.ferry.engine.journal.SignOff;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The approvals a project asks for before {@code migrate} (the roles under {@code approvals:} in
 * {@code ferry-change.yaml}), given for one change id on one target: the exact pending scripts and
 * their checksums, so a script edited after its approval needs approving again, and the database
 * (server's system identifier and database name), so an approval given for staging does not let the
 * same scripts run on production.
 */
final class Approvals {
  private final ChangeJournal journal;
  private final ChangeTarget target;
  private String identity;

  Approvals(ChangeJournal journal, ChangeTarget target) {
    this.journal = journal;
    this.target = target;
  }

  /** The target as approvals name it, read once from the server. */
  String targetIdentity() throws SQLException {
    if (identity == null) {
      identity = target.identity();
    }
    return identity;
  }

  /** What a sign-off is given for: the change id on this target. */
  private String givenFor(String changeId) throws SQLException {
    return changeId + " on " + targetIdentity();
  }

  /**
   * Where the {@code missing} roles' approvals of {@code changeId} were given instead, as a
   * sentence for the refusal; empty when nowhere.
   */
  String givenElsewhere(List<String> missing, String changeId) throws SQLException {
    String here = targetIdentity();
    List<String> there =
        journal.approvalsOnAnyTarget(changeId).stream()
            .filter(e -> missing.contains(e.object()) && !e.message().equals(here))
            .map(e -> e.object() + " for " + e.message())
            .distinct()
            .toList();
    return there.isEmpty()
        ? ""
        : "; the approval of these scripts was given by "
            + String.join(", ", there)
            + ", not for "
            + here
            + ": an approval holds only for the target it was given for";
  }

  /** Each required role and, when given for {@code changeId}, who gave it. */
  List<ChangeControl.Approval> given(List<String> required, String changeId) throws SQLException {
    if (required.isEmpty()) {
      return List.of();
    }
    List<SignOff> given = journal.signOffs(givenFor(changeId));
    List<ChangeControl.Approval> out = new ArrayList<>();
    for (String role : required) {
      out.add(
          new ChangeControl.Approval(
              role, given.stream().filter(s -> s.item().equals(role)).findFirst().orElse(null)));
    }
    return out;
  }

  /**
   * Records an approval of {@code role} for the change id, which is asked for only once the
   * approval is known to be one the project asks for. One person giving a second role's approval of
   * the same scripts is refused when the project says {@code sameApprover: refuse}, else recorded
   * with a warning in its note (the approval's whole point is a second pair of eyes).
   */
  SignOff approve(
      List<String> required,
      boolean oneRolePerApprover,
      Supplier<String> changeId,
      String role,
      String operator,
      String note)
      throws SQLException {
    if (!required.contains(role)) {
      throw new IllegalArgumentException(
          "No approval '" + role + "' in ferry-change.yaml; it asks for: " + required);
    }
    if (operator == null || operator.isBlank()) {
      throw new IllegalArgumentException("An approval needs the name of who gives it");
    }
    String id = changeId.get();
    List<String> alsoHeld =
        journal.signOffs(givenFor(id)).stream()
            .filter(g -> !g.item().equals(role) && g.operator().equalsIgnoreCase(operator.strip()))
            .map(SignOff::item)
            .toList();
    if (!alsoHeld.isEmpty()) {
      String what =
          operator.strip()
              + " already approved these scripts as "
              + String.join(", ", alsoHeld)
              + ": one person approving as "
              + role
              + " too";
      if (oneRolePerApprover) {
        throw new IllegalArgumentException(
            what + " is refused (sameApprover: refuse in ferry-change.yaml); ask someone else");
      }
      note = (note == null || note.isBlank() ? "" : note + " — ") + "WARNING: " + what;
    }
    SignOff s = new SignOff(givenFor(id), role, operator.strip(), Instant.now(), note);
    journal.approve(s, id, targetIdentity());
    return s;
  }
}
