package dev.ferry.engine.journal;

import dev.ferry.engine.core.LedgerEntry;
import dev.ferry.engine.core.ObjectState;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's object ledger as the journal keeps it: one event per outcome, so a resumed run adds to
 * what the attempt before it recorded, and the latest outcome of an object counts.
 */
public final class Ledger {
  private static final String KIND = "ledger:";

  private Ledger() {}

  public static void write(RunJournal journal, String runId, LedgerEntry e) throws SQLException {
    journal.event(
        runId,
        KIND + e.state().name(),
        e.object(),
        (e.table() == null ? "" : e.table()) + "\n" + (e.detail() == null ? "" : e.detail()));
  }

  /** Every planned object's latest outcome in this run, in the order they were first met. */
  public static List<LedgerEntry> read(RunJournal journal, String runId) throws SQLException {
    Map<String, LedgerEntry> latest = new LinkedHashMap<>();
    for (JournalEvent ev : journal.eventLog(runId)) {
      if (!ev.kind().startsWith(KIND)) {
        continue;
      }
      String message = ev.message() == null ? "\n" : ev.message();
      int nl = message.indexOf('\n');
      String table = nl < 0 ? message : message.substring(0, nl);
      String detail = nl < 0 ? "" : message.substring(nl + 1);
      latest.put(
          ev.object(),
          new LedgerEntry(
              ev.object(),
              table.isEmpty() ? null : table,
              ObjectState.valueOf(ev.kind().substring(KIND.length())),
              detail.isEmpty() ? null : detail));
    }
    return new ArrayList<>(latest.values());
  }

  public static List<LedgerEntry> failed(List<LedgerEntry> ledger) {
    return ledger.stream().filter(e -> e.state() == ObjectState.FAILED).toList();
  }

  /** "2 objects failed: view x (reason); index y (reason)". */
  public static String summary(List<LedgerEntry> failed) {
    StringBuilder sb =
        new StringBuilder()
            .append(failed.size())
            .append(failed.size() == 1 ? " object" : " objects")
            .append(" of the schema failed: ");
    for (int i = 0; i < failed.size(); i++) {
      LedgerEntry e = failed.get(i);
      sb.append(i == 0 ? "" : "; ").append(e.object()).append(" (").append(e.detail()).append(')');
    }
    return sb.toString();
  }
}
