package dev.ferry.engine.rows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rows encoded in PostgreSQL's COPY text format, kept as bytes with each row's start offset so a
 * failing batch can be re-sent in parts. Text is checked for NUL bytes and invalid UTF-8 while it
 * is escaped, in one pass over the bytes.
 */
public final class CopyBatch {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private byte[] buf;
  private int len;
  private int[] rowStarts = new int[1024];
  private int rows;
  private int rowStart;
  private boolean firstField;
  private final boolean cleanText;
  private long cleanedValues;

  public CopyBatch(int initialBytes, boolean cleanText) {
    this.buf = new byte[Math.max(initialBytes, 1024)];
    this.cleanText = cleanText;
  }

  public int rows() {
    return rows;
  }

  public int bytes() {
    return len;
  }

  public byte[] buffer() {
    return buf;
  }

  /** How many values had NUL bytes or invalid UTF-8 cleaned (only with cleanText). */
  public long cleanedValues() {
    return cleanedValues;
  }

  public int rowStart(int row) {
    return row == rows ? len : rowStarts[row];
  }

  public void beginRow() {
    rowStart = len;
    firstField = true;
  }

  /** Drops the row being encoded (after a bad value). */
  public void abortRow() {
    len = rowStart;
  }

  public void endRow() {
    put((byte) '\n');
    if (rows == rowStarts.length) {
      rowStarts = Arrays.copyOf(rowStarts, rows * 2);
    }
    rowStarts[rows++] = rowStart;
  }

  /** Appends a whole row already in COPY text format (without its newline). */
  public void appendRow(byte[] line, int off, int length) {
    beginRow();
    ensure(length + 1);
    System.arraycopy(line, off, buf, len, length);
    len += length;
    endRow();
  }

  private void sep() {
    if (firstField) {
      firstField = false;
    } else {
      put((byte) '\t');
    }
  }

  public void writeNull() {
    sep();
    ensure(2);
    buf[len++] = '\\';
    buf[len++] = 'N';
  }

  /** ASCII that needs no escaping: numbers, dates, booleans. */
  public void writeAscii(String s) {
    sep();
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) s.charAt(i);
    }
  }

  public void writeText(String s, String column) throws BadValueException {
    writeText(s.getBytes(StandardCharsets.UTF_8), column);
  }

  /**
   * UTF-8 text, escaped for COPY. NUL bytes and invalid UTF-8 reject the row, or with cleanText are
   * removed / replaced by U+FFFD and counted.
   */
  public void writeText(byte[] b, String column) throws BadValueException {
    sep();
    ensure(b.length * 2);
    boolean cleaned = false;
    int i = 0;
    int n = b.length;
    while (i < n) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        switch (c) {
          case 0 -> {
            if (!cleanText) {
              throw new BadValueException(
                  column, "NUL byte (0x00) in text at byte " + i, preview(b));
            }
            cleaned = true;
          }
          case '\\' -> {
            buf[len++] = '\\';
            buf[len++] = '\\';
          }
          case '\n' -> {
            buf[len++] = '\\';
            buf[len++] = 'n';
          }
          case '\r' -> {
            buf[len++] = '\\';
            buf[len++] = 'r';
          }
          case '\t' -> {
            buf[len++] = '\\';
            buf[len++] = 't';
          }
          default -> buf[len++] = (byte) c;
        }
        i++;
        continue;
      }
      int need = utf8SequenceLength(b, i);
      if (need < 0) {
        if (!cleanText) {
          throw new BadValueException(
              column,
              "invalid UTF-8 byte 0x" + Integer.toHexString(c) + " at byte " + i,
              preview(b));
        }
        ensure(3 + 2 * (n - i));
        buf[len++] = (byte) 0xEF;
        buf[len++] = (byte) 0xBF;
        buf[len++] = (byte) 0xBD;
        cleaned = true;
        i++;
        continue;
      }
      System.arraycopy(b, i, buf, len, need);
      len += need;
      i += need;
    }
    if (cleaned) {
      cleanedValues++;
    }
  }

  /** bytea in hex form, escaped for COPY text ({@code \\x…}). */
  public void writeBytea(byte[] b) {
    sep();
    ensure(3 + b.length * 2);
    buf[len++] = '\\';
    buf[len++] = '\\';
    buf[len++] = 'x';
    for (byte x : b) {
      buf[len++] = HEX[(x >> 4) & 0xf];
      buf[len++] = HEX[x & 0xf];
    }
  }

  /** Whether the bytes are valid UTF-8 (what PostgreSQL accepts: no overlongs, no surrogates). */
  public static boolean isValidUtf8(byte[] b) {
    int i = 0;
    while (i < b.length) {
      if ((b[i] & 0xff) < 0x80) {
        i++;
      } else {
        int need = utf8SequenceLength(b, i);
        if (need < 0) {
          return false;
        }
        i += need;
      }
    }
    return true;
  }

  /** Length of the valid UTF-8 sequence starting at i, or -1 (overlongs and surrogates refused). */
  static int utf8SequenceLength(byte[] b, int i) {
    int c = b[i] & 0xff;
    int need;
    int min;
    if (c >= 0xC2 && c <= 0xDF) {
      need = 2;
      min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      need = 3;
      min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      need = 4;
      min = 0x10000;
    } else {
      return -1;
    }
    if (i + need > b.length) {
      return -1;
    }
    int cp = c & (0xFF >> (need + 1));
    for (int k = 1; k < need; k++) {
      int cc = b[i + k] & 0xff;
      if ((cc & 0xC0) != 0x80) {
        return -1;
      }
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return -1;
    }
    return need;
  }

  private void put(byte b) {
    ensure(1);
    buf[len++] = b;
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }

  /** The bad value shown in reject files: printable, invalid bytes as \xNN. */
  static String preview(byte[] b) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < b.length && sb.length() < 2000) {
      int need = (b[i] & 0xff) < 0x80 ? 1 : utf8SequenceLength(b, i);
      if (need < 0 || b[i] == 0) {
        sb.append(String.format("\\x%02x", b[i] & 0xff));
        i++;
      } else {
        sb.append(new String(b, i, need, StandardCharsets.UTF_8));
        i += need;
      }
    }
    return sb.toString();
  }

  /** Empties the batch for reuse. */
  public void clear() {
    len = 0;
    rows = 0;
  }
}
