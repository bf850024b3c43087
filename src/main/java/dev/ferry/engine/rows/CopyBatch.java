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
    byte[] out = buf;
    int o = len;
    for (int i = 0; i < n; i++) {
      out[o++] = (byte) s.charAt(i);
    }
    len = o;
  }

  public void writeText(String s, String column) throws BadValueException {
    writeText(s.getBytes(StandardCharsets.UTF_8), column);
  }

  /**
   * UTF-8 text, escaped for COPY. NUL bytes and invalid UTF-8 reject the row, or with cleanText are
   * removed / replaced by U+FFFD and counted. Runs of plain ASCII (no control byte, no backslash)
   * are checked and copied eight bytes at a time; the rest byte by byte.
   */
  public void writeText(byte[] b, String column) throws BadValueException {
    sep();
    int n = b.length;
    ensure(n * 2);
    byte[] out = buf;
    int o = len;
    boolean cleaned = false;
    int i = 0;
    while (i < n) {
      int plain = copyWords(b, i, out, o, false);
      i += plain;
      o += plain;
      if (i >= n) {
        break;
      }
      int c = b[i] & 0xff;
      if (c < 0x80) {
        switch (c) {
          case 0 -> {
            if (!cleanText) {
              len = o;
              throw new BadValueException(
                  column, "NUL byte (0x00) in text at byte " + i, preview(b));
            }
            cleaned = true;
          }
          case '\\' -> {
            out[o++] = '\\';
            out[o++] = '\\';
          }
          case '\n' -> {
            out[o++] = '\\';
            out[o++] = 'n';
          }
          case '\r' -> {
            out[o++] = '\\';
            out[o++] = 'r';
          }
          case '\t' -> {
            out[o++] = '\\';
            out[o++] = 't';
          }
          default -> out[o++] = (byte) c;
        }
        i++;
        continue;
      }
      int letters = copyWords(b, i, out, o, true);
      i += letters;
      o += letters;
      if (i >= n) {
        break;
      }
      c = b[i] & 0xff;
      if (c < 0x80) {
        continue;
      }
      if (c >= 0xC2 && c <= 0xDF && i + 1 < n && (b[i + 1] & 0xC0) == 0x80) {
        // the common two-byte sequence (Latin, Greek, Cyrillic letters), checked inline
        out[o++] = b[i];
        out[o++] = b[i + 1];
        i += 2;
        continue;
      }
      int need = utf8SequenceLength(b, i);
      if (need < 0) {
        if (!cleanText) {
          len = o;
          throw new BadValueException(
              column,
              "invalid UTF-8 byte 0x" + Integer.toHexString(c) + " at byte " + i,
              preview(b));
        }
        len = o;
        ensure(3 + 2 * (n - i));
        out = buf;
        out[o++] = (byte) 0xEF;
        out[o++] = (byte) 0xBF;
        out[o++] = (byte) 0xBD;
        cleaned = true;
        i++;
        continue;
      }
      for (int k = 0; k < need; k++) {
        out[o++] = b[i + k];
      }
      i += need;
    }
    len = o;
    if (cleaned) {
      cleanedValues++;
    }
  }

  /**
   * Copies the eight-byte words of {@code b} from {@code i} on, to {@code out} at {@code o}, while
   * each is plain ASCII (or, with {@code letters}, four two-byte letters); returns how many bytes.
   */
  private static int copyWords(byte[] b, int i, byte[] out, int o, boolean letters) {
    int from = i;
    int n = b.length;
    while (i <= n - 8) {
      long w = Words.get(b, i);
      if (letters ? !fourTwoByteLetters(w) : needsLook(w)) {
        break;
      }
      Words.set(out, o + i - from, w);
      i += 8;
    }
    return i - from;
  }

  /**
   * Whether any of the eight bytes in {@code w} is not plain ASCII for COPY: a byte with the high
   * bit set, a control byte below 0x20, or a backslash.
   */
  static boolean needsLook(long w) {
    return (Words.nonAscii(w) | Words.below(w, 0x20) | Words.equalTo(w, '\\')) != 0;
  }

  /**
   * Whether {@code w} holds four valid two-byte UTF-8 sequences (lead 0xC2–0xDF, then a
   * continuation byte): text in Latin, Greek or Cyrillic letters, copied as it is.
   */
  static boolean fourTwoByteLetters(long w) {
    if ((w & 0xC0E0C0E0C0E0C0E0L) != 0x80C080C080C080C0L) {
      return false;
    }
    // a lead of 0xC0 or 0xC1 (an overlong) has none of the bits 0x1E: adding 0xFE carries only
    // from a lead that has one
    long leads = (w & 0x001E001E001E001EL) + 0x00FE00FE00FE00FEL;
    return (leads & 0x0100010001000100L) == 0x0100010001000100L;
  }

  /** bytea in hex form, escaped for COPY text ({@code \\x…}). */
  public void writeBytea(byte[] b) {
    sep();
    ensure(3 + b.length * 2);
    byte[] out = buf;
    int o = len;
    out[o++] = '\\';
    out[o++] = '\\';
    out[o++] = 'x';
    for (byte x : b) {
      out[o++] = HEX[(x >> 4) & 0xf];
      out[o++] = HEX[x & 0xf];
    }
    len = o;
  }

  /** Whether the bytes are valid UTF-8 (what PostgreSQL accepts: no overlongs, no surrogates). */
  public static boolean isValidUtf8(byte[] b) {
    return isValidUtf8(b, 0, b.length);
  }

  /** Whether {@code b[from, to)} is valid UTF-8, no sequence crossing {@code to}. */
  public static boolean isValidUtf8(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      if (i <= to - 8) {
        long w = Words.get(b, i);
        if (Words.nonAscii(w) == 0 || fourTwoByteLetters(w)) {
          i += 8;
          continue;
        }
      }
      int c = b[i] & 0xff;
      if (c < 0x80) {
        i++;
      } else if (c >= 0xC2 && c <= 0xDF && i + 1 < to && (b[i + 1] & 0xC0) == 0x80) {
        i += 2;
      } else {
        int need = utf8SequenceLength(b, i);
        if (need < 0 || i + need > to) {
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
