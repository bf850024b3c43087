package dev.ferry.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.engine.core.LedgerEntry;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.ObjectState;
import dev.ferry.engine.core.PrivateFiles;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.core.TableResult;
import dev.ferry.engine.core.TableValidation;
import dev.ferry.engine.core.ValidationEvidence;
import dev.ferry.engine.core.ValidationReport;
import dev.ferry.engine.journal.RunProvenance;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Writes {@code report.json} and a self-contained {@code report.html} (styles inline, charts as
 * embedded PNGs) for a run into a folder.
 */
public final class ReportWriter {
  /** How every Ferry report writes its JSON: indented, dates as ISO text. */
  static final ObjectMapper JSON =
      new ObjectMapper()
          .findAndRegisterModules()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  /** The look every Ferry report shares. */
  static final String STYLE =
      "body{font-family:system-ui,sans-serif;margin:2em"
          + " auto;max-width:1100px;color:#1f2328}h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px"
          + " solid"
          + " #d0d7de;padding-bottom:.2em}table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border:1px"
          + " solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}"
          + "th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}"
          + ".ok{background:#dafbe1}.bad{background:#ffebe9}.warn{background:#fff8c5}.cards{display:flex;gap:1em;flex-wrap:wrap}.card{border:1px"
          + " solid #d0d7de;border-radius:6px;padding:.6em 1em}.card"
          + " b{display:block;font-size:1.4em}pre{background:#f6f8fa;padding:1em;overflow:auto;font-size:.8em}"
          + "img{max-width:100%}table.provenance{margin:.8em 0 1em}table.provenance"
          + " th{width:7em}.superseded{color:#656d76;text-decoration:line-through}";

  private ReportWriter() {}

  /** The two files written. */
  public record Written(Path json, Path html, Path pdf) {}

  public static Written write(RunReport report, Path dir) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("generatedAt", report.generatedAt().toString());
    root.set("result", JSON.valueToTree(report.result()));
    var checklist = root.putArray("checklist");
    for (RunReport.ItemState s : report.items()) {
      ObjectNode n = checklist.addObject();
      n.put("id", s.item().id());
      n.put("text", s.item().text());
      n.put("state", s.state());
      n.put("detail", s.detail());
    }
    if (report.provenance() != null) {
      root.set("provenance", JSON.valueToTree(report.provenance()));
    }
    root.set("timeline", JSON.valueToTree(report.timeline()));
    return files(dir, "report", root, html(report));
  }

  /**
   * A report's three files in {@code dir} (made private to the user): {@code <name>.json} from
   * {@code json}, {@code <name>.html} and the same page as {@code <name>.pdf}.
   */
  static Written files(Path dir, String name, Object json, String page) throws IOException {
    PrivateFiles.folder(dir);
    Path j = dir.resolve(name + ".json");
    PrivateFiles.writeString(j, JSON.writeValueAsString(json));
    Path html = dir.resolve(name + ".html");
    PrivateFiles.writeString(html, page);
    Path pdf = dir.resolve(name + ".pdf");
    PdfExport.write(page, pdf);
    return new Written(j, html, pdf);
  }

  static String html(RunReport report) throws IOException {
    MigrationResult r = report.result();
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Ferry run ")
        .append(esc(r.runId()))
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head><body>");
    h.append("<h1>Ferry migration report — run ").append(esc(r.runId())).append("</h1>");
    // a run that did not end as planned says so in colour, not only in words
    h.append("<p class=\"")
        .append(statusClass(r.status()))
        .append("\">Status <b>")
        .append(esc(r.status().name()))
        .append("</b>");
    if (r.message() != null) {
      h.append(" — ").append(esc(r.message()));
    }
    h.append(". Generated ").append(esc(report.generatedAt().toString())).append(".</p>");
    h.append(provenance(report.provenance()));
    double total = r.phaseSeconds().values().stream().mapToDouble(Double::doubleValue).sum();
    h.append("<div class=\"cards\">")
        .append(card("rows loaded", String.format("%,d", r.rowsLoaded())))
        .append(card("rows rejected", String.format("%,d", r.rowsRejected())))
        .append(card("tables", Integer.toString(r.tables().size())))
        .append(card("duration", String.format("%.1f s", total)))
        .append(
            card(
                "validation",
                r.validation() == null ? "not run" : r.validation().ok() ? "all match" : "failed"))
        .append(card("objects failed", Integer.toString(r.failedObjects().size())))
        .append(card("warnings", Integer.toString(r.warnings().size())))
        .append("</div>");
    // what needs the DBA's attention comes first, not after the figures
    if (!r.failedObjects().isEmpty() || !r.warnings().isEmpty()) {
      h.append("<h2>Needs attention</h2>");
    }
    if (!r.failedObjects().isEmpty()) {
      h.append(
          "<p class=\"bad\">Objects the target refused (their DDL is marked FAILED below):</p><ul>");
      r.failedObjects()
          .forEach(
              e ->
                  h.append("<li><b>")
                      .append(esc(e.object()))
                      .append("</b>: ")
                      .append(esc(e.detail()))
                      .append("</li>"));
      h.append("</ul>");
    }
    if (!r.warnings().isEmpty()) {
      h.append("<p class=\"warn\">Warnings:</p><ul>");
      r.warnings().forEach(w -> h.append("<li>").append(esc(w)).append("</li>"));
      h.append("</ul>");
    }

    h.append("<h2>Phases</h2>");
    DefaultCategoryDataset phases = new DefaultCategoryDataset();
    r.phaseSeconds().forEach((p, s) -> phases.addValue(s, "seconds", p));
    h.append(chart("Seconds per phase", "seconds", phases, 900, 220));

    h.append("<h2>Tables</h2><table><tr><th>Source</th><th>Target</th><th>Rows read</th>")
        .append("<th>Rows loaded</th><th>Rejected</th><th>MB</th><th>Seconds</th></tr>");
    DefaultCategoryDataset perTable = new DefaultCategoryDataset();
    for (TableResult t : r.tables()) {
      h.append("<tr")
          .append(t.rowsRejected() > 0 ? " class=\"warn\"" : "")
          .append("><td>")
          .append(esc(t.source()))
          .append("</td><td>")
          .append(esc(t.target()))
          .append("</td>")
          .append(num(t.rowsRead()))
          .append(num(t.rowsLoaded()))
          .append(num(t.rowsRejected()))
          .append("<td class=\"n\">")
          .append(String.format("%.1f", t.bytes() / 1e6))
          .append("</td><td class=\"n\">")
          .append(String.format("%.2f", t.seconds()))
          .append("</td></tr>");
      perTable.addValue(t.seconds(), "load seconds", t.target());
    }
    h.append("</table>");
    h.append(
        chart(
            "Load time per table",
            "seconds",
            perTable,
            900,
            Math.max(220, 26 * r.tables().size() + 80)));

    if (!report.timeline().isEmpty()) {
      h.append("<h2>Timeline</h2><p>When each table was created, loaded and given its keys,")
          .append(" indexes and foreign keys (failed statements in red).</p>")
          .append(
              image(
                  "Timeline",
                  TimelineChart.create(report.timeline()),
                  900,
                  TimelineChart.height(report.timeline())));
    }

    if (r.validation() != null) {
      h.append("<h2>Validation</h2><p>").append(esc(r.validation().summary())).append("</p>");
      if (r.validations().size() > 1) {
        // the newest evidence counts; what it replaced stays visible, with its time
        h.append("<ul>");
        for (ValidationEvidence e : r.validations()) {
          h.append(e.superseded() ? "<li class=\"superseded\">" : "<li><b>")
              .append(esc(e.at().toString()))
              .append(", by ")
              .append(esc(e.by()))
              .append(": ")
              .append(esc(e.summary()))
              .append(e.superseded() ? " — superseded</li>" : " — current</b></li>");
        }
        h.append("</ul>");
      }
      h.append("<table><tr><th>Table</th><th>Source rows</th><th>Target rows</th><th>Rejected</th>")
          .append("<th>Checksum</th><th>Orphans</th><th>Status</th><th>Problems</th>")
          .append("<th>Notes</th></tr>");
      for (TableValidation v : r.validation().tables()) {
        long orphans = v.orphans().values().stream().mapToLong(Long::longValue).sum();
        h.append("<tr class=\"")
            .append(v.ok() ? (v.rejectedRows() > 0 ? "warn" : "ok") : "bad")
            .append("\"><td>")
            .append(esc(v.target()))
            .append("</td>")
            .append(num(v.sourceRows()))
            .append(num(v.targetRows()))
            .append(num(v.rejectedRows()))
            .append("<td>")
            .append(v.sourceChecksum().equals(v.targetChecksum()) ? "same" : "differs")
            .append("</td>")
            .append(num(orphans))
            .append("<td>")
            .append(esc(v.status()))
            .append("</td><td>")
            .append(esc(String.join("; ", v.problems())))
            .append("</td><td>")
            .append(esc(String.join("; ", v.notes())))
            .append("</td></tr>");
      }
      h.append("</table>");
      schemaSection(h, r.validation());
    }

    schemaSection(h, r);

    if (!report.items().isEmpty()) {
      h.append("<h2>")
          .append(esc(report.checklist().title()))
          .append("</h2><table>")
          .append("<tr><th></th><th>Item</th><th>State</th><th>Evidence or sign-off</th></tr>");
      for (RunReport.ItemState s : report.items()) {
        h.append("<tr class=\"")
            .append(s.state().equals("open") ? "warn" : "ok")
            .append("\"><td>")
            .append(s.state().equals("open") ? "☐" : "☑")
            .append("</td><td>")
            .append(esc(s.item().text()))
            .append("</td><td>")
            .append(esc(s.state()))
            .append("</td><td>")
            .append(esc(s.detail()))
            .append("</td></tr>");
      }
      h.append("</table>");
    }
    if (!r.waivers().isEmpty()) {
      h.append("<h2>Waived blockers</h2><ul>");
      r.waivers()
          .forEach(
              w ->
                  h.append("<li><b>")
                      .append(esc(w.finding()))
                      .append("</b> on ")
                      .append(esc(w.object()))
                      .append(": ")
                      .append(esc(w.reason()))
                      .append(w.by() == null ? "" : " (" + esc(w.by()) + ")")
                      .append("</li>"));
      h.append("</ul>");
    }
    if (r.rejectsDirectory() != null) {
      h.append("<p>Rejected rows: <code>").append(esc(r.rejectsDirectory())).append("</code></p>");
    }
    h.append("<h2>DDL</h2><details><summary>")
        .append(r.ddl().size())
        .append(" statements</summary><pre>")
        .append(esc(String.join(";\n\n", r.ddl())))
        .append("</pre></details>");
    h.append("</body></html>\n");
    return h.toString();
  }

  /**
   * The planned objects: those the target refused and those validation did not find read back, then
   * the whole ledger.
   */
  private static void schemaSection(StringBuilder h, MigrationResult r) {
    List<LedgerEntry> failed = r.failedObjects();
    List<String> missing = r.validation() == null ? List.of() : r.validation().schema();
    h.append("<h2>Schema</h2><p>");
    if (failed.isEmpty() && missing.isEmpty()) {
      h.append(
          esc(
              r.validation() == null
                  ? "Validation was skipped: the "
                      + r.ledger().size()
                      + " planned objects were not read back from the target."
                  : "All " + r.ledger().size() + " planned objects present in the target."));
      h.append("</p>");
    } else {
      h.append(
              esc(
                  (failed.size() + missing.size())
                      + " of "
                      + r.ledger().size()
                      + " planned objects are not in the target as planned:"))
          .append("</p><ul class=\"bad\">");
      failed.forEach(
          e ->
              h.append("<li>")
                  .append(esc(e.object()))
                  .append(": FAILED — ")
                  .append(esc(e.detail()))
                  .append("</li>"));
      missing.forEach(m -> h.append("<li>").append(esc(m)).append("</li>"));
      h.append("</ul>");
    }
    if (r.ledger().isEmpty()) {
      return;
    }
    h.append("<h3>Ledger</h3><table><tr><th>Object</th><th>Table</th><th>State</th>")
        .append("<th>Detail</th></tr>");
    for (LedgerEntry e : r.ledger()) {
      h.append("<tr class=\"")
          .append(e.state() == ObjectState.FAILED ? "bad" : "ok")
          .append("\"><td>")
          .append(esc(e.object()))
          .append("</td><td>")
          .append(esc(e.table()))
          .append("</td><td>")
          .append(esc(e.state().name()))
          .append("</td><td>")
          .append(esc(e.detail()))
          .append("</td></tr>");
    }
    h.append("</table>");
  }

  private static String statusClass(RunStatus s) {
    return switch (s) {
      case SUCCEEDED -> "ok";
      case SUCCEEDED_WITH_REJECTS, RUNNING, INTERRUPTED -> "warn";
      case FAILED, OBJECTS_FAILED, VALIDATION_FAILED -> "bad";
    };
  }

  static String card(String label, String value) {
    return "<div class=\"card\"><b>" + esc(value) + "</b>" + esc(label) + "</div>";
  }

  /** Page 1's "what, where, who, when" table; nothing when the journal did not give it. */
  static String provenance(RunProvenance p) {
    if (p == null) {
      return "";
    }
    StringBuilder h = new StringBuilder("<table class=\"provenance\">");
    row(h, p.sources().size() == 1 ? "Source" : "Sources", String.join("\n", p.sources()));
    row(h, "Target", p.target() + (p.targetSchema() == null ? "" : ", schema " + p.targetSchema()));
    row(
        h,
        "Run by",
        (p.startedBy() == null ? "not recorded" : p.startedBy())
            + (p.resumedBy().isEmpty() ? "" : "; resumed by " + String.join(", ", p.resumedBy())));
    row(
        h,
        "When",
        p.startedAt()
            + (p.finishedAt() == null
                ? " (not finished)"
                : " to "
                    + p.finishedAt()
                    + String.format(
                        " (%.1f s)",
                        java.time.Duration.between(p.startedAt(), p.finishedAt()).toMillis()
                            / 1000.0)));
    return h.append("</table>").toString();
  }

  private static void row(StringBuilder h, String label, String value) {
    h.append("<tr><th>")
        .append(esc(label))
        .append("</th><td>")
        .append(esc(value).replace("\n", "<br>"))
        .append("</td></tr>");
  }

  static String num(long n) {
    return "<td class=\"n\">" + String.format("%,d", n) + "</td>";
  }

  private static String chart(String title, String axis, DefaultCategoryDataset data, int w, int h)
      throws IOException {
    JFreeChart chart =
        ChartFactory.createBarChart(
            title, null, axis, data, PlotOrientation.HORIZONTAL, false, false, false);
    chart.setBackgroundPaint(Color.WHITE);
    chart.getCategoryPlot().setBackgroundPaint(Color.WHITE);
    chart.getCategoryPlot().setRangeGridlinePaint(new Color(0xd0, 0xd7, 0xde));
    BarRenderer r = (BarRenderer) chart.getCategoryPlot().getRenderer();
    r.setSeriesPaint(0, new Color(0x1f, 0x6f, 0xeb));
    r.setShadowVisible(false);
    return image(title, chart, w, h);
  }

  /**
   * The run's timeline alone as a PNG image (what the report shows under "Timeline"), for tickets
   * and benchmarks; false when the journal holds no timeline for the run.
   */
  public static boolean writeTimeline(RunReport report, Path file, int width) throws IOException {
    if (report.timeline().isEmpty()) {
      return false;
    }
    JFreeChart chart = TimelineChart.create(report.timeline());
    PrivateFiles.writeAtomically(
        file,
        ChartUtils.encodeAsPNG(
            chart.createBufferedImage(width, TimelineChart.height(report.timeline()))));
    return true;
  }

  private static String image(String title, JFreeChart chart, int w, int h) throws IOException {
    byte[] png = ChartUtils.encodeAsPNG(chart.createBufferedImage(w, h));
    return "<img alt=\""
        + esc(title)
        + "\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(png)
        + "\">";
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** The planned objects found missing or different in the target, and the notes beside them. */
  private static void schemaSection(StringBuilder h, ValidationReport v) {
    if (v.schema().isEmpty() && v.schemaNotes().isEmpty()) {
      return;
    }
    h.append("<h3>Schema section</h3><table><tr><th></th><th>Planned object</th></tr>");
    for (String p : v.schema()) {
      h.append("<tr class=\"bad\"><td>differs</td><td>").append(esc(p)).append("</td></tr>");
    }
    for (String n : v.schemaNotes()) {
      h.append("<tr class=\"warn\"><td>note</td><td>").append(esc(n)).append("</td></tr>");
    }
    h.append("</table>");
  }
}
