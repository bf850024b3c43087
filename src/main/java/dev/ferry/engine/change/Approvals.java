package dev.ferry.engine.change;

import dev.ferry.engine.journal.SignOff;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The approvals a project asks for before {@code migrate} (the roles under {@code approvals:} in
 * {@code ferry-change.yaml}), given for one change id: the exact pending scripts and their
 * checksums, so a script edited after its approval needs approving again.
 */
final class Approvals {
  private final ChangeJournal journal;

  Approvals(ChangeJournal journal) {
    this.journal = journal;
  }

  /** Each required role and, when given for {@code changeId}, who gave it. */
  List<ChangeControl.Approval> given(List<String> required, String changeId) throws SQLException {
    if (required.isEmpty()) {
      return List.of();
    }
    List<SignOff> given = journal.signOffs(changeId);
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
   * approval is known to be one the project asks for.
   */
  SignOff approve(
      List<String> required, Supplier<String> changeId, String role, String operator, String note)
      throws SQLException {
    if (!required.contains(role)) {
      throw new IllegalArgumentException(
          "No approval '" + role + "' in ferry-change.yaml; it asks for: " + required);
    }
    if (operator == null || operator.isBlank()) {
      throw new IllegalArgumentException("An approval needs the name of who gives it");
    }
    SignOff s = new SignOff(changeId.get(), role, operator.strip(), Instant.now(), note);
    journal.approve(s);
    return s;
  }
}
