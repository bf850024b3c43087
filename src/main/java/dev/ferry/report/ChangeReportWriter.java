package dev.ferry.report;

import static dev.ferry.report.ReportWriter.card;
import static dev.ferry.report.ReportWriter.esc;

import dev.ferry.engine.backup.Backup;
import dev.ferry.engine.change.ChangeControl;
import dev.ferry.engine.change.ChangeReport;
import dev.ferry.engine.change.InternalAccess;
import dev.ferry.engine.change.MigrationRow;
import dev.ferry.engine.change.RlsAudit;
import dev.ferry.engine.change.StatementRisk;
import dev.ferry.engine.journal.JournalEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A schema-change report: {@code change-report.json} (the {@link ChangeReport} as it is) and a
 * self-contained {@code change-report.html} — migrations, approvals with who and when, the recorded
 * history, backups, and the verification with its offending rows.
 */
public final class ChangeReportWriter {
  private ChangeReportWriter() {}

  public static ReportWriter.Written write(ChangeReport report, Path dir) throws IOException {
    return ReportWriter.files(dir, "change-report", report, html(report));
  }

  static String html(ChangeReport r) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Ferry schema")
        .append(" changes</title><style>")
        .append(ReportWriter.STYLE)
        .append("</style></head><body>");
    h.append("<h1>Ferry schema-change report</h1><p>Target <b>")
        .append(esc(r.target()))
        .append("</b>, schema <b>")
        .append(esc(r.schema()))
        .append("</b>, project <code>")
        .append(esc(r.folder()))
        .append("</code>. Generated ")
        .append(esc(r.generatedAt().toString()))
        .append(".</p>");
    long applied = r.migrations().stream().filter(m -> m.state().equals("Success")).count();
    long pending = r.migrations().stream().filter(m -> m.state().equals("Pending")).count();
    long approved = r.approvals().stream().filter(ChangeControl.Approval::approved).count();
    h.append("<div class=\"cards\">")
        .append(card("applied", Long.toString(applied)))
        .append(card("pending", Long.toString(pending)))
        .append(
            card(
                "approvals for the pending scripts",
                r.approvals().isEmpty() ? "none asked" : approved + " of " + r.approvals().size()))
        .append(card("backups", Integer.toString(r.backups().size())))
        .append(card("verification", r.verified() ? "passed" : "FAILED"))
        .append("</div>");

    h.append("<h2>Migrations</h2><table>");
    tr(h, "th", "", "Version", "Description", "Type", "State", "Installed on", "Script");
    for (MigrationRow m : r.migrations()) {
      String cls =
          switch (m.state()) {
            case "Success" -> "ok";
            case "Pending" -> "warn";
            default -> m.state().contains("Fail") || m.state().contains("Missing") ? "bad" : "";
          };
      tr(
          h,
          "td",
          cls,
          m.version() == null ? "R" : m.version(),
          m.description(),
          m.type(),
          m.state(),
          m.installedOn(),
          m.script());
    }
    h.append("</table>");

    h.append("<h2>Approvals</h2>");
    if (r.approvals().isEmpty()) {
      h.append("<p>The project asks for no approvals (<code>approvals:</code> in")
          .append(" <code>ferry-change.yaml</code>).</p>");
    } else {
      h.append("<p>For the scripts ")
          .append(esc(r.pendingChangeId()))
          .append(" (their checksums): an edited script needs approving again.</p><table>");
      tr(h, "th", "", "Role", "Approved by", "At", "Note");
      for (ChangeControl.Approval a : r.approvals()) {
        if (a.approved()) {
          tr(
              h,
              "td",
              "ok",
              a.role(),
              a.given().operator(),
              a.given().at().toString(),
              a.given().note());
        } else {
          tr(h, "td", "bad", a.role(), "not yet approved", "", "");
        }
      }
      h.append("</table>");
    }

    h.append("<h2>Risk of the pending statements</h2>");
    if (r.pendingRisk().isEmpty()) {
      h.append("<p>Nothing pending.</p>");
    } else {
      if (r.rehearsal() != null) {
        h.append("<p>").append(esc(r.rehearsal())).append("</p>");
      }
      h.append("<table>");
      tr(
          h,
          "th",
          "",
          "Impact",
          "Version",
          "Statement",
          "Lock",
          "Work",
          "Est. lock s",
          "Breaks code",
          "Safer way");
      for (StatementRisk s : r.pendingRisk()) {
        tr(
            h,
            "td",
            s.impact() == StatementRisk.Impact.LOW && s.breaking() == null ? "ok" : "bad",
            s.impact().name(),
            s.version() == null ? "" : "V" + s.version(),
            s.statement(),
            s.lock() + (s.table() == null ? "" : " on " + s.table()),
            s.work(),
            String.format("%.1f", s.estimatedLockSeconds()),
            s.breaking() == null ? "" : s.breaking(),
            s.advice() == null ? "" : s.advice());
      }
      h.append("</table>");
    }

    h.append("<h2>History</h2>");
    if (r.history().isEmpty()) {
      h.append("<p>Nothing recorded for this target in this workspace yet.</p>");
    } else {
      h.append("<table>");
      tr(h, "th", "", "At", "What", "Object", "Detail");
      for (JournalEvent e : r.history()) {
        tr(
            h,
            "td",
            e.kind().contains("fail") ? "bad" : "",
            e.at().toString(),
            e.kind(),
            e.object(),
            e.message());
      }
      h.append("</table>");
    }

    h.append("<h2>Backups</h2>");
    if (r.backups().isEmpty()) {
      h.append("<p>No backup of this database in the workspace.</p>");
    } else {
      h.append("<table>");
      tr(h, "th", "", "At", "File", "Bytes", "SHA-256", "Tool");
      for (Backup b : r.backups()) {
        tr(
            h,
            "td",
            "",
            b.at().toString(),
            b.file(),
            String.format("%,d", b.bytes()),
            b.sha256(),
            b.tool());
      }
      h.append("</table>");
    }

    h.append("<h2>Verification</h2>");
    table(
        h,
        "Verification SQL (passes when it returns no rows)",
        List.of("Check", "Result", "Rows"),
        r.checks().stream().map(c -> new String[] {c[0], c[1], c[2]}).toList(),
        1);
    table(
        h,
        "Row-level security",
        List.of("Table", "Result", "RLS", "Policies", "Probe"),
        r.rowLevelSecurity().stream()
            .map(
                (RlsAudit.TableAudit a) ->
                    new String[] {
                      a.table(),
                      a.result().name(),
                      a.rlsEnabled() ? "enabled" : "disabled",
                      Integer.toString(a.policies()),
                      a.probe()
                    })
            .toList(),
        1);
    table(
        h,
        "Internal-only views",
        List.of("View", "Result", "Readable by", "Problems"),
        r.internalViews().stream()
            .map(
                (InternalAccess.ViewAccess v) ->
                    new String[] {
                      v.view(),
                      v.ok() ? "PASS" : "FAIL",
                      v.readers().isEmpty()
                          ? "owner and superusers only"
                          : String.join(", ", v.readers()),
                      String.join("; ", v.problems())
                    })
            .toList(),
        1);
    table(
        h,
        "Query performance (perf/*.sql against the baseline recorded before the change)",
        List.of("Query", "Result", "Baseline ms", "Now ms", "Limit ms", "Detail"),
        r.performance().stream()
            .map(
                p ->
                    new String[] {
                      p.name(),
                      p.result(),
                      p.baselineMs() == null ? "" : String.format("%.1f", p.baselineMs()),
                      p.nowMs() == null ? "" : String.format("%.1f", p.nowMs()),
                      p.maxMs() == null ? "" : String.format("%.0f", p.maxMs()),
                      p.detail()
                    })
            .toList(),
        1);
    h.append("</body></html>\n");
    return h.toString();
  }

  /** A titled table whose rows are coloured by the PASS/FAIL value in column {@code result}. */
  private static void table(
      StringBuilder h, String title, List<String> heads, List<String[]> rows, int result) {
    h.append("<h3>").append(esc(title)).append("</h3>");
    if (rows.isEmpty()) {
      h.append("<p>Nothing to check.</p>");
      return;
    }
    h.append("<table>");
    tr(h, "th", "", heads.toArray(String[]::new));
    for (String[] row : rows) {
      tr(h, "td", row[result].equals("PASS") ? "ok" : "bad", row);
    }
    h.append("</table>");
  }

  /** One table row of escaped cells ({@code th} or {@code td}), with a CSS class when given. */
  private static void tr(StringBuilder h, String cell, String cls, String... cells) {
    h.append(cls.isEmpty() ? "<tr>" : "<tr class=\"" + cls + "\">");
    for (String c : cells) {
      h.append('<').append(cell).append('>').append(esc(c)).append("</").append(cell).append('>');
    }
    h.append("</tr>");
  }
}
