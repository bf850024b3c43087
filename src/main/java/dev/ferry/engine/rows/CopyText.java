package dev.ferry.engine.rows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Splits and unescapes rows in COPY text format. */
public final class CopyText {
  private CopyText() {}

  /** The raw (still escaped) fields of one row, {@code null} for {@code \N}. */
  public static List<byte[]> fields(byte[] buf, int from, int to) {
    int end = to;
    if (end > from && buf[end - 1] == '\n') {
      end--;
    }
    List<byte[]> out = new ArrayList<>();
    int start = from;
    for (int i = from; i <= end; i++) {
      if (i == end || buf[i] == '\t') {
        int n = i - start;
        if (n == 2 && buf[start] == '\\' && buf[start + 1] == 'N') {
          out.add(null);
        } else {
          byte[] f = new byte[n];
          System.arraycopy(buf, start, f, 0, n);
          out.add(f);
        }
        start = i + 1;
      }
    }
    return out;
  }

  /** Unescapes one field to its text. */
  public static String unescape(byte[] f) {
    if (f == null) {
      return null;
    }
    ByteArrayOutputStream o = new ByteArrayOutputStream(f.length);
    for (int i = 0; i < f.length; i++) {
      byte b = f[i];
      if (b == '\\' && i + 1 < f.length) {
        byte n = f[++i];
        switch (n) {
          case 'n' -> o.write('\n');
          case 'r' -> o.write('\r');
          case 't' -> o.write('\t');
          case 'b' -> o.write('\b');
          case 'f' -> o.write('\f');
          case 'v' -> o.write(11);
          default -> o.write(n);
        }
      } else {
        o.write(b);
      }
    }
    return o.toString(StandardCharsets.UTF_8);
  }

  public static Map<String, String> decodeRow(byte[] buf, int from, int to, List<String> columns) {
    List<byte[]> fields = fields(buf, from, to);
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      m.put(i < columns.size() ? columns.get(i) : "column" + (i + 1), unescape(fields.get(i)));
    }
    return m;
  }
}
