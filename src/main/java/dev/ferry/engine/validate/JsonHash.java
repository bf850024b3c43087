package dev.ferry.engine.validate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ferry.engine.rows.CopyBatch;
import dev.ferry.engine.rows.Words;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A hash of a JSON document that is equal exactly when PostgreSQL's jsonb would store equal values:
 * object members in any order (jsonb sorts them), insignificant whitespace and number spellings
 * ({@code 1e2} = {@code 100}, trailing fraction zeros) ignored, string escapes decoded. Computed in
 * one streaming pass, without building the document.
 */
final class JsonHash {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonHash() {}

  /** The hash, or {@code null} when the text is not JSON (then the text itself is compared). */
  static Long hash(byte[] utf8, int from, int to) {
    try {
      return hash(utf8, from, to, false);
    } catch (DuplicateKey e) {
      // jsonb keeps only the last of duplicate keys: hash again, keeping the last value of each key
      return hash(utf8, from, to, true);
    }
  }

  private static Long hash(byte[] utf8, int from, int to, boolean dedupe) {
    try (JsonParser p = FACTORY.createParser(utf8, from, to - from)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return null;
      }
      long h = value(p, t, dedupe, utf8, from, to);
      return p.nextToken() == null ? h : null;
    } catch (DuplicateKey e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** A key met twice in one object, on the fast path that does not keep the members. */
  private static final class DuplicateKey extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DuplicateKey() {
      super(null, null, false, false);
    }
  }

  private static long value(JsonParser p, JsonToken t, boolean dedupe, byte[] in, int from, int to)
      throws IOException {
    return switch (t) {
      case START_OBJECT -> {
        if (dedupe) {
          Map<String, Long> members = new HashMap<>();
          for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
            String name = p.currentName();
            members.put(name, value(p, p.nextToken(), true, in, from, to));
          }
          long sum = 0x243F6A8885A308D3L;
          for (var m : members.entrySet()) {
            sum += RowHasher.mix(text(m.getKey(), 0x13198A2E03707344L) * 31 + m.getValue());
          }
          yield RowHasher.mix(sum);
        }
        long sum = 0x243F6A8885A308D3L;
        String first = null;
        Set<String> names = null;
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          String name = p.currentName();
          if (first == null) {
            first = name;
          } else {
            if (names == null) {
              names = new HashSet<>();
              names.add(first);
            }
            if (!names.add(name)) {
              throw new DuplicateKey();
            }
          }
          long key = text(name, 0x13198A2E03707344L);
          long v = value(p, p.nextToken(), false, in, from, to);
          sum += RowHasher.mix(key * 31 + v); // members in any order
        }
        yield RowHasher.mix(sum);
      }
      case START_ARRAY -> {
        long h = 0xA4093822299F31D0L;
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          h = RowHasher.mix(h * 31 + value(p, e, dedupe, in, from, to)); // elements in order
        }
        yield h;
      }
      case VALUE_STRING -> string(p, in, from, to);
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(p.getText());
      case VALUE_TRUE -> 0x452821E638D01377L;
      case VALUE_FALSE -> 0xBE5466CF34E90C6CL;
      case VALUE_NULL -> 0xC0AC29B7C97C50DDL;
      default -> throw new IOException("unexpected " + t);
    };
  }

  private static final long STRING = 0x082EFA98EC4E6C89L;

  /**
   * A string value's hash: over its bytes in the input where it has no escape and they are valid
   * UTF-8 (then they are its text's UTF-8 as it is), else over its decoded text (which turns
   * invalid sequences into what the JSON parser makes of them). Equal either way.
   */
  private static long string(JsonParser p, byte[] in, int from, int to) throws IOException {
    long at = p.currentTokenLocation().getByteOffset();
    int quote = at < 0 || at >= to - from ? -1 : from + (int) at;
    if (quote >= 0 && in[quote] == '"') {
      int end = special(in, quote + 1, to);
      if (end < to && in[end] == '"' && CopyBatch.isValidUtf8(in, quote + 1, end)) {
        return bytes(in, quote + 1, end, STRING);
      }
    }
    return text(p.getText(), STRING);
  }

  /** The first quote, backslash or control byte in {@code in[i, to)}, or {@code to}. */
  static int special(byte[] in, int i, int to) {
    for (; i <= to - 8; i += 8) {
      long w = Words.get(in, i);
      long t = Words.equalTo(w, '"') | Words.equalTo(w, '\\') | Words.below(w, 0x20);
      if (t != 0) {
        return i + Words.first(t);
      }
    }
    for (; i < to; i++) {
      byte c = in[i];
      if (c == '"' || c == '\\' || c >= 0 && c < 0x20) {
        return i;
      }
    }
    return to;
  }

  private static long text(String s, long seed) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return bytes(b, 0, b.length, seed);
  }

  /** The hash of UTF-8 text {@code b[from, to)}, seeded by what kind of JSON text it is. */
  private static long bytes(byte[] b, int from, int to, long seed) {
    return RowHasher.mix(RowHasher.wordHash(b, from, to, 0, false) ^ seed);
  }

  private static long number(String s) {
    String canon = RowHasher.plainDecimalCanon(s);
    if (canon == null) {
      BigDecimal d = new BigDecimal(s);
      canon = d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }
    return text(canon, 0x3F84D5B5B5470917L);
  }
}
