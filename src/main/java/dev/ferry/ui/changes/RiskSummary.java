package dev.ferry.ui.changes;

import dev.ferry.engine.change.StatementRisk;
import java.util.List;

/**
 * The Risk tab's last analysis in a few lines, for the dialogs that act on the pending scripts
 * (approve, migrate): the highest impact, the statements that carry it, and what breaks running
 * code — or that the risk was not analysed.
 */
final class RiskSummary {
  private RiskSummary() {}

  static String of(List<StatementRisk> risks) {
    if (risks.isEmpty()) {
      return "not analysed (Risk tab) — the locks these scripts take are unknown.\n";
    }
    StringBuilder b = new StringBuilder();
    StatementRisk.Impact worst =
        risks.stream().map(StatementRisk::impact).max(Enum::compareTo).orElseThrow();
    long breaking = risks.stream().filter(r -> r.breaking() != null).count();
    b.append("highest impact ")
        .append(worst)
        .append(" of ")
        .append(risks.size())
        .append(" statements")
        .append(breaking == 0 ? "" : "; " + breaking + " break running code")
        .append('\n');
    risks.stream()
        .filter(
            r -> r.impact() == worst && worst != StatementRisk.Impact.LOW || r.breaking() != null)
        .limit(6)
        .forEach(
            r ->
                b.append("  ")
                    .append(r.impact())
                    .append(r.version() == null ? "" : " V" + r.version())
                    .append(": ")
                    .append(r.lock())
                    .append(r.table() == null ? "" : " on " + r.table())
                    .append(" — ")
                    .append(r.breaking() == null ? r.work() : "BREAKING: " + r.breaking())
                    .append('\n'));
    return b.toString();
  }
}
