package dev.ferry.engine.change;

import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.journal.JournalEvent;
import dev.ferry.engine.journal.RunJournal;
import dev.ferry.engine.journal.SignOff;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * A target's schema changes as the workspace's journal keeps them: every migrate, undo, approval,
 * backup and restore under one key per target, and the approvals themselves as sign-offs of a
 * change id on one target.
 */
final class ChangeJournal {
  private final ConnectionSpec target;
  private final Path workspace;

  ChangeJournal(ConnectionSpec target, Path workspace) {
    this.target = target;
    this.workspace = workspace;
  }

  /** The journal key under which this target's schema changes are recorded. */
  String key() {
    return "schema-change:" + target.url();
  }

  void record(String kind, String object, String message) throws SQLException {
    try (RunJournal j = RunJournal.open(workspace)) {
      j.event(key(), kind, object, message);
    }
  }

  /** Everything recorded for this target's schema changes, oldest first. */
  List<JournalEvent> history() throws SQLException {
    try (RunJournal j = RunJournal.open(workspace)) {
      return j.eventLog(key());
    }
  }

  List<SignOff> signOffs(String changeId) throws SQLException {
    try (RunJournal j = RunJournal.open(workspace)) {
      return j.signOffs(changeId);
    }
  }

  /**
   * Keeps an approval and its events together: in this target's history, and under the change id
   * with the target it was given for, so another target's migrate can say where it holds.
   */
  void approve(SignOff s, String changeId, String targetIdentity) throws SQLException {
    try (RunJournal j = RunJournal.open(workspace)) {
      j.signOff(s);
      j.event(key(), "approve", s.item(), s.operator() + " for " + s.runId());
      j.event(approvalsKey(changeId), "approve", s.item(), targetIdentity);
    }
  }

  /** Every approval of a change id on any target: the role as object, the target as message. */
  List<JournalEvent> approvalsOnAnyTarget(String changeId) throws SQLException {
    try (RunJournal j = RunJournal.open(workspace)) {
      return j.eventLog(approvalsKey(changeId));
    }
  }

  private static String approvalsKey(String changeId) {
    return "schema-change-approvals:" + changeId;
  }
}
