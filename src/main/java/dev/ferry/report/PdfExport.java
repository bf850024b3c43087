package dev.ferry.report;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.XRLog;
import dev.ferry.engine.core.PrivateFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.helper.W3CDom;

/**
 * A report's HTML page rendered to PDF (openhtmltopdf), for the change board and the audit file: A4
 * landscape, the same tables and charts. The PDF's standard fonts lack a few of the page's symbols,
 * which are spelled out instead.
 */
final class PdfExport {
  private static final String PRINT_CSS =
      "@page{size:A4 landscape;margin:12mm}"
          + "body{max-width:none;margin:0;font-family:sans-serif;font-size:10px}"
          + ".cards{display:block}.card{display:inline-block;margin:0 6px 6px 0}"
          + "img{width:100%}table{page-break-inside:auto}tr{page-break-inside:avoid}"
          + "details>pre{font-size:8px;white-space:pre-wrap}";
  private static final Map<String, String> SYMBOLS =
      Map.of("☐", "[ ]", "☑", "[x]", "←", "<-", "→", "->", "≠", "!=", "✓", "ok", "✗", "x");

  private PdfExport() {}

  static void write(String html, Path pdf) throws IOException {
    String text = html;
    for (var e : SYMBOLS.entrySet()) {
      text = text.replace(e.getKey(), e.getValue());
    }
    var doc = Jsoup.parse(text);
    doc.head().appendElement("style").text(PRINT_CSS);
    XRLog.setLoggingEnabled(false);
    try (OutputStream out = PrivateFiles.newOutputStream(pdf)) {
      new PdfRendererBuilder()
          .useFastMode()
          .withW3cDocument(new W3CDom().fromJsoup(doc), pdf.getParent().toUri().toString())
          .toStream(out)
          .run();
    }
  }
}
