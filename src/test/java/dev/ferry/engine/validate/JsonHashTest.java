package dev.ferry.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A JSON string hashes over its bytes in the input when it has no escape, over its decoded text
 * otherwise: both give the same hash for the same string, wherever the document sits in the buffer.
 */
class JsonHashTest {
  private static final String[] PIECES = {
    "a", "plain words", "ü", "é", "東京", "😀", "\"", "\\", "/", "\t", "\n", "\u0001", " "
  };

  @Test
  void aStringHashesTheSameWithOrWithoutEscapes() {
    Random r = new Random(11);
    for (int round = 0; round < 3_000; round++) {
      StringBuilder text = new StringBuilder();
      for (int k = r.nextInt(6); k > 0; k--) {
        text.append(PIECES[r.nextInt(PIECES.length)].repeat(1 + r.nextInt(3)));
      }
      String value = text.toString();
      String plain = "{\"k\": " + quote(value, false) + ", \"n\": [" + quote(value, false) + "]}";
      String escaped = "{\"n\": [" + quote(value, true) + "], \"k\":" + quote(value, true) + "}";
      assertThat(hashAt(plain, 0)).as(plain).isNotNull().isEqualTo(hash(escaped));
      assertThat(hashAt(plain, 1 + r.nextInt(20))).as(plain).isEqualTo(hash(escaped));
      String other =
          "{\"k\": " + quote(value + "x", false) + ", \"n\": [" + quote(value, false) + "]}";
      assertThat(hash(other)).as(other).isNotEqualTo(hash(plain));
    }
  }

  /**
   * Bytes that are not valid UTF-8 (an overlong, an encoded surrogate, a code point past U+10FFFF)
   * hash as the parser decodes them, as before the raw-byte path: equal to the escaped spelling of
   * what it decodes them to.
   */
  @Test
  void invalidUtf8InAStringHashesAsTheParserDecodesIt() {
    assertThat(hash(new byte[] {'"', (byte) 0xC0, (byte) 0x80, '"'}))
        .isNotNull()
        .isEqualTo(hash("\"\\u0000\""));
    assertThat(hash(new byte[] {'"', 'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}))
        .isNotNull()
        .isEqualTo(hash("\"a\\ud800\""));
    assertThat(hash(new byte[] {'"', (byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80, '"'}))
        .isNotNull()
        .isEqualTo(hash("\"\\udcc0\\udc00\""));
  }

  @Test
  void aDuplicateKeyKeepsItsLastValueOnEitherPath() {
    assertThat(hash("{\"k\": \"ü\", \"z\": 1, \"k\": \"é\"}"))
        .isNotNull()
        .isEqualTo(hash("{\"z\": 1, \"k\": \"\\u00e9\"}"))
        .isNotEqualTo(hash("{\"z\": 1, \"k\": \"ü\"}"));
  }

  private static Long hash(byte[] doc) {
    return JsonHash.hash(doc, 0, doc.length);
  }

  @Test
  void aDocumentThatIsOnlyAStringAndOneThatIsNotJson() {
    assertThat(hash("\"ü\"")).isEqualTo(hash("\"\\u00fc\""));
    assertThat(hash("\"unterminated")).isNull();
    assertThat(hash("{\"a\": \"x\"} trailing")).isNull();
  }

  private static Long hash(String json) {
    return hashAt(json, 0);
  }

  /** The hash of the document placed {@code at} bytes into a buffer that holds other quotes too. */
  private static Long hashAt(String json, int at) {
    byte[] doc = json.getBytes(StandardCharsets.UTF_8);
    byte[] buf = new byte[at + doc.length + 3];
    java.util.Arrays.fill(buf, (byte) '"');
    System.arraycopy(doc, 0, buf, at, doc.length);
    return JsonHash.hash(buf, at, at + doc.length);
  }

  /** A JSON string: only what must be escaped, or with every character past ASCII as \\uXXXX. */
  private static String quote(String s, boolean escapeAll) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || escapeAll && (c > 0x7e || c == '/')) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  @Test
  void everyByteValueIsSeenInEveryPositionOfAWord() {
    for (int v = 0; v < 256; v++) {
      for (int at = 0; at < 8; at++) {
        byte[] b = "abcdefgh".getBytes(StandardCharsets.US_ASCII);
        b[at] = (byte) v;
        boolean special = v == '"' || v == '\\' || v < 0x20;
        assertThat(JsonHash.special(b, 0, 8))
            .as("byte 0x%02x at %d", v, at)
            .isEqualTo(special ? at : 8);
      }
    }
  }
}
