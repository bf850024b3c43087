package dev.ferry.engine.rows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** COPY text escaping, and bad text refused with the reason (or cleaned when asked). */
class CopyBatchTest {
  @Test
  void copyTextIsEscapedAndBadTextIsRefusedWithTheReason() throws Exception {
    CopyBatch b = new CopyBatch(16, false);
    b.beginRow();
    b.writeText("a\tb\\c\nd\re", "x");
    b.writeNull();
    b.writeBytea(new byte[] {0, (byte) 0xff});
    b.endRow();
    assertThat(new String(b.buffer(), 0, b.bytes(), StandardCharsets.UTF_8))
        .isEqualTo("a\\tb\\\\c\\nd\\re\t\\N\t\\\\x00ff\n");
    b.beginRow();
    assertThatThrownBy(() -> b.writeText(new byte[] {'a', 0}, "col"))
        .isInstanceOf(BadValueException.class)
        .hasMessageContaining("NUL byte");
    assertThatThrownBy(() -> b.writeText(new byte[] {(byte) 0xC0, (byte) 0x80}, "col"))
        .hasMessageContaining("invalid UTF-8");
    assertThatThrownBy(() -> b.writeText(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "col"))
        .hasMessageContaining("invalid UTF-8");
    b.abortRow();
    assertThat(b.rows()).isEqualTo(1);
    CopyBatch clean = new CopyBatch(16, true);
    clean.beginRow();
    clean.writeText(new byte[] {'a', 0, (byte) 0xff, 'b'}, "col");
    clean.endRow();
    assertThat(new String(clean.buffer(), 0, clean.bytes(), StandardCharsets.UTF_8))
        .isEqualTo("a\uFFFDb\n");
    assertThat(clean.cleanedValues()).isEqualTo(1);
  }

  /**
   * The eight-bytes-at-a-time path against a byte-by-byte reference, on generated text that mixes
   * plain ASCII, COPY's special bytes, valid sequences of every length and invalid bytes at every
   * offset within a word.
   */
  @Test
  void fastEscapingMatchesTheByteByByteReference() {
    Random r = new Random(42);
    byte[][] pieces = {
      "a".getBytes(StandardCharsets.UTF_8),
      "plain words ".getBytes(StandardCharsets.UTF_8),
      "\t".getBytes(StandardCharsets.UTF_8),
      "\n".getBytes(StandardCharsets.UTF_8),
      "\r".getBytes(StandardCharsets.UTF_8),
      "\\".getBytes(StandardCharsets.UTF_8),
      {0},
      {0x1f},
      {0x7f},
      "é".getBytes(StandardCharsets.UTF_8),
      "ü".getBytes(StandardCharsets.UTF_8),
      "東".getBytes(StandardCharsets.UTF_8),
      "😀".getBytes(StandardCharsets.UTF_8),
      {(byte) 0xC3},
      {(byte) 0xC0, (byte) 0x80},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
      {(byte) 0x80},
      {(byte) 0xff}
    };
    for (int round = 0; round < 20_000; round++) {
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      int count = r.nextInt(12);
      for (int k = 0; k < count; k++) {
        byte[] p = pieces[r.nextInt(pieces.length)];
        int times = r.nextInt(4) == 0 ? 1 + r.nextInt(20) : 1;
        for (int t = 0; t < times; t++) {
          text.writeBytes(p);
        }
      }
      byte[] in = text.toByteArray();
      for (int from = 0; from <= Math.min(2, in.length); from++) {
        for (int to = in.length; to >= Math.max(from, in.length - 2); to--) {
          assertThat(CopyBatch.isValidUtf8(in, from, to))
              .as("%s [%d, %d)", Arrays.toString(in), from, to)
              .isEqualTo(validUtf8(in, from, to));
        }
      }
      for (boolean clean : new boolean[] {false, true}) {
        String expected = reference(in, clean);
        CopyBatch b = new CopyBatch(16, clean);
        b.beginRow();
        b.writeAscii("x");
        String actual;
        try {
          b.writeText(in, "col");
          actual =
              new String(b.buffer(), 2, b.bytes() - 2, StandardCharsets.ISO_8859_1)
                  + (b.cleanedValues() > 0 ? " (cleaned)" : "");
        } catch (BadValueException e) {
          // what was written before the refusal stays counted, as it did byte by byte
          actual = "refused: " + e.getMessage() + " after " + (b.bytes() - 2) + " bytes";
        }
        assertThat(actual).as("%s clean=%s", Arrays.toString(in), clean).isEqualTo(expected);
      }
    }
  }

  /** UTF-8 validity byte by byte, as it was checked before the eight-byte path. */
  private static boolean validUtf8(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      if ((b[i] & 0xff) < 0x80) {
        i++;
        continue;
      }
      int need = CopyBatch.utf8SequenceLength(b, i);
      if (need < 0 || i + need > to) {
        return false;
      }
      i += need;
    }
    return true;
  }

  /** COPY text escaping byte by byte, as the load did it before the eight-byte path. */
  private static String reference(byte[] b, boolean clean) {
    StringBuilder sb = new StringBuilder();
    boolean cleaned = false;
    int i = 0;
    while (i < b.length) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        switch (c) {
          case 0 -> {
            if (!clean) {
              return "refused: NUL byte (0x00) in text at byte "
                  + i
                  + " after "
                  + sb.length()
                  + " bytes";
            }
            cleaned = true;
          }
          case '\\' -> sb.append("\\\\");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          default -> sb.append((char) c);
        }
        i++;
        continue;
      }
      int need = CopyBatch.utf8SequenceLength(b, i);
      if (need < 0) {
        if (!clean) {
          return "refused: invalid UTF-8 byte 0x"
              + Integer.toHexString(c)
              + " at byte "
              + i
              + " after "
              + sb.length()
              + " bytes";
        }
        cleaned = true;
        sb.append((char) 0xEF).append((char) 0xBF).append((char) 0xBD);
        i++;
        continue;
      }
      for (int k = 0; k < need; k++) {
        sb.append((char) (b[i + k] & 0xff));
      }
      i += need;
    }
    return sb + (cleaned ? " (cleaned)" : "");
  }

  @Test
  void everyByteValueIsSeenInEveryPositionOfAWord() {
    for (int v = 0; v < 256; v++) {
      for (int at = 0; at < 8; at++) {
        long w = 0x4141414141414141L;
        w = (w & ~(0xFFL << (8 * at))) | ((long) v << (8 * at));
        boolean plain = v >= 0x20 && v < 0x80 && v != '\\';
        assertThat(CopyBatch.needsLook(w)).as("byte 0x%02x at %d", v, at).isEqualTo(!plain);
      }
    }
  }

  @Test
  void fourTwoByteLettersAreRecognisedOnlyWhenEveryLeadAndContinuationIsValid() {
    byte[] letters = "éüßж".getBytes(StandardCharsets.UTF_8);
    assertThat(CopyBatch.fourTwoByteLetters(word(letters))).isTrue();
    for (int at = 0; at < 8; at++) {
      for (int v = 0; v < 256; v++) {
        byte[] w = letters.clone();
        w[at] = (byte) v;
        boolean valid = at % 2 == 0 ? v >= 0xC2 && v <= 0xDF : (v & 0xC0) == 0x80;
        assertThat(CopyBatch.fourTwoByteLetters(word(w)))
            .as("byte 0x%02x at %d", v, at)
            .isEqualTo(valid);
      }
    }
  }

  private static long word(byte[] b) {
    return java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
  }
}
