package dev.ferry.report;

import static dev.ferry.report.ReportWriter.card;
import static dev.ferry.report.ReportWriter.esc;
import static dev.ferry.report.ReportWriter.num;

import dev.ferry.engine.online.Cutover;
import dev.ferry.engine.online.CutoverOptions;
import dev.ferry.engine.online.OnlineRun;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An online migration's report: {@code online-report.json} (the run as recorded) and a
 * self-contained {@code online-report.html} (and PDF) — where from and to, the cutover as a
 * checklist with its evidence (who stopped writes, the LSN, each table's rows and checksum on both
 * sides, the sequences set, how long writes were stopped and each step's time), and every event of
 * the run.
 */
public final class OnlineReportWriter {
  private OnlineReportWriter() {}

  public static ReportWriter.Written write(OnlineRun run, Path dir) throws IOException {
    return ReportWriter.files(dir, "online-report", run, html(run));
  }

  static String html(OnlineRun run) {
    Cutover c = run.cutover();
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Ferry online")
        .append(" migration ")
        .append(esc(run.id()))
        .append("</title><style>")
        .append(ReportWriter.STYLE)
        .append("</style></head><body>");
    h.append("<h1>Ferry online migration ")
        .append(esc(run.id()))
        .append("</h1><table class=\"provenance\">")
        .append(row("Source", run.source() + ", schema " + run.schema()))
        .append(row("Target", run.target()))
        .append(
            row(
                "Replication",
                "publication "
                    + run.publication()
                    + ", subscription "
                    + run.subscription()
                    + ", slot "
                    + run.slot()))
        .append(
            row(
                "When",
                run.startedAt()
                    + (run.doneAt() == null ? " (not cut over)" : " to " + run.doneAt())))
        .append("</table>");
    Duration downtime = run.writeDowntime();
    String verdict = run.verification() == null ? "not compared" : run.verification();
    h.append("<div class=\"cards\">")
        .append(card("state", run.state().word()))
        .append(card("tables", Integer.toString(run.tables().size())))
        .append(
            card(
                "writes stopped at cutover",
                downtime == null ? "—" : String.format("%.2f s", downtime.toMillis() / 1000.0)))
        .append(
            card(
                "compared at the cutover LSN",
                verdict.startsWith("match")
                    ? "MATCH"
                    : verdict.startsWith("differ") ? "DIFFER" : verdict))
        .append("</div>");

    if (c != null) {
      h.append("<h2>Cutover checklist</h2><table><tr><th></th><th>Step</th><th>Evidence</th></tr>");
      check(h, true, "Indexes, checks and foreign keys built", "built while writes still flowed");
      check(
          h,
          true,
          "Writes on the source stopped",
          c.writesStoppedBy() == CutoverOptions.Writes.FERRY
              ? "by Ferry: a trigger on each table refuses INSERT, UPDATE, DELETE, TRUNCATE"
                  + " (SQLSTATE 25006)"
              : "by the DBA, confirmed");
      check(h, true, "Lag 0", "the subscription confirmed the source's WAL up to LSN " + c.lsn());
      check(
          h,
          c.sequences().stream().noneMatch(q -> q.contains("no sequence")),
          "Sequences set past the source's",
          c.sequences().isEmpty() ? "none to set" : String.join("; ", c.sequences()));
      check(h, true, "Subscription, slot and publication dropped", "the target stands alone");
      check(
          h,
          c.matches(),
          "Every table compared on both sides at LSN " + c.lsn(),
          (c.comparedBeforeSwitch()
                  ? "before the target took writes"
                  : "on snapshots of both servers at that LSN, after the switch")
              + ": "
              + verdict);
      h.append("</table>");

      h.append("<h2>Tables at the cutover LSN</h2><table>")
          .append(
              "<tr><th>Table</th><th>Source rows</th><th>Target rows</th><th>Source checksum</th>"
                  + "<th>Target checksum</th><th></th></tr>");
      for (Cutover.TableCheck t : c.tables()) {
        h.append("<tr class=\"")
            .append(t.matches() ? "ok" : "bad")
            .append("\"><td>")
            .append(esc(t.table()))
            .append("</td>")
            .append(num(t.sourceRows()))
            .append(num(t.targetRows()))
            .append("<td><code>")
            .append(esc(t.sourceSum()))
            .append("</code></td><td><code>")
            .append(esc(t.targetSum()))
            .append("</code></td><td>")
            .append(t.matches() ? "MATCH" : "DIFFER")
            .append("</td></tr>");
      }
      h.append("</table>");

      h.append("<h2>Cutover timeline</h2><table><tr><th>Step</th><th>Took</th></tr>");
      for (Cutover.Step s : c.timeline()) {
        h.append("<tr><td>")
            .append(esc(s.what()))
            .append("</td><td class=\"n\">")
            .append(String.format("%,d ms", s.took().toMillis()))
            .append("</td></tr>");
      }
      h.append("</table><p>Writes were stopped for ")
          .append(String.format("%,d ms", c.writeDowntime().toMillis()))
          .append(" (from the stop until the target stood alone).</p>");
    } else {
      h.append("<p>Not cut over yet.</p>");
    }

    h.append("<h2>Events</h2><table><tr><th>When</th><th>What</th></tr>");
    for (OnlineRun.Event e : run.events()) {
      h.append("<tr><td>")
          .append(esc(e.at().toString()))
          .append("</td><td>")
          .append(esc(e.what()))
          .append("</td></tr>");
    }
    return h.append("</table></body></html>").toString();
  }

  private static void check(StringBuilder h, boolean ok, String step, String evidence) {
    h.append("<tr class=\"")
        .append(ok ? "ok" : "bad")
        .append("\"><td>")
        .append(ok ? "✓" : "✗")
        .append("</td><td>")
        .append(esc(step))
        .append("</td><td>")
        .append(esc(evidence))
        .append("</td></tr>");
  }

  private static String row(String label, String value) {
    return "<tr><th>" + esc(label) + "</th><td>" + esc(value) + "</td></tr>";
  }
}
