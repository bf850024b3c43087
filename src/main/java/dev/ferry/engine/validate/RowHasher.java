package dev.ferry.engine.validate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.cast.Transform;
import dev.ferry.engine.rows.CopyText;
import dev.ferry.engine.rows.Words;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hashes a row of COPY text after normalising each value the way PostgreSQL would store it, so that
 * the source (as Ferry encodes it) and the target (as PostgreSQL prints it) hash equal exactly when
 * the values are equal: floats by their bits, decimals without trailing zeros, JSON with sorted
 * keys and normalised numbers, blank-padded char(n) without its padding, arrays element by element.
 */
public final class RowHasher {
  /** How a column's values are compared. */
  public enum Canon {
    EXACT,
    FLOAT,
    DECIMAL,
    JSON,
    PADDED,
    ARRAY
  }

  private static final ObjectMapper JSON_MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private final Canon[] canons;

  public RowHasher(List<ColumnPlan> columns) {
    canons = columns.stream().map(RowHasher::canonOf).toArray(Canon[]::new);
  }

  public Canon canon(int column) {
    return canons[column];
  }

  public int columns() {
    return canons.length;
  }

  static Canon canonOf(ColumnPlan c) {
    String type = c.type().toLowerCase(Locale.ROOT);
    if (c.transform() == Transform.PASSTHROUGH) {
      return Canon.EXACT;
    }
    return switch (c.transform()) {
      case FLOAT -> Canon.FLOAT;
      case DECIMAL -> Canon.DECIMAL;
      // json keeps its text as given; jsonb normalises it
      case JSON -> type.equals("jsonb") ? Canon.JSON : Canon.EXACT;
      case SET_ARRAY -> Canon.ARRAY;
      case TEXT ->
          type.startsWith("char") || type.startsWith("character(") || type.equals("bpchar")
              ? Canon.PADDED
              : Canon.EXACT;
      default ->
          type.startsWith("numeric") || type.startsWith("decimal") ? Canon.DECIMAL : Canon.EXACT;
    };
  }

  /** The normalised text of one raw (escaped) COPY field; null stays null. */
  public String canonical(int column, byte[] rawField) {
    if (rawField == null) {
      return null;
    }
    String text = unescapeIfNeeded(rawField);
    try {
      return switch (canons[column]) {
        case EXACT -> text;
        case FLOAT -> floatCanon(text);
        case DECIMAL -> decimalCanon(text);
        case JSON -> JSON_MAPPER.writeValueAsString(sortKeys(JSON_MAPPER.readTree(text)));
        case PADDED -> text.stripTrailing();
        case ARRAY -> String.join("\u0001", arrayElements(text));
      };
    } catch (RuntimeException | IOException e) {
      return text; // not parseable as its kind: compare the text itself
    }
  }

  private static String floatCanon(String text) {
    double d = Double.parseDouble(text.replace("Infinity", "Infinity"));
    return Long.toHexString(Double.doubleToLongBits(d == 0.0 ? 0.0 : d));
  }

  private static String decimalCanon(String text) {
    if (text.equals("NaN") || text.contains("Infinity")) {
      return text;
    }
    String plain = plainDecimalCanon(text);
    if (plain != null) {
      return plain;
    }
    BigDecimal b = new BigDecimal(text);
    return b.signum() == 0 ? "0" : b.stripTrailingZeros().toPlainString();
  }

  /** Fast path for [-]digits[.digits]: trailing fraction zeros off, "-0" and "0.00" as "0". */
  static String plainDecimalCanon(String t) {
    int n = t.length();
    int start = n > 0 && t.charAt(0) == '-' ? 1 : 0;
    int dot = -1;
    for (int i = start; i < n; i++) {
      char c = t.charAt(i);
      if (c == '.' && dot < 0) {
        dot = i;
      } else if (c < '0' || c > '9') {
        return null;
      }
    }
    if (n == start || dot == start || dot == n - 1) {
      return null;
    }
    int end = n;
    if (dot > 0) {
      while (t.charAt(end - 1) == '0') {
        end--;
      }
      if (end - 1 == dot) {
        end--;
      }
    }
    int lead = start;
    while (lead < end - 1 && t.charAt(lead) == '0' && t.charAt(lead + 1) != '.') {
      lead++;
    }
    String body = t.substring(lead, end);
    boolean zero = true;
    for (int k = 0; k < body.length() && zero; k++) {
      zero = body.charAt(k) == '0' || body.charAt(k) == '.';
    }
    return zero ? "0" : (start == 1 ? "-" : "") + body;
  }

  private static JsonNode sortKeys(JsonNode n) {
    if (n.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        var e = it.next();
        sorted.put(e.getKey(), sortKeys(e.getValue()));
      }
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      sorted.forEach(o::set);
      return o;
    }
    if (n.isArray()) {
      var a = JsonNodeFactory.instance.arrayNode();
      n.forEach(x -> a.add(sortKeys(x)));
      return a;
    }
    if (n.isNumber()) {
      BigDecimal b = n.decimalValue();
      return JsonNodeFactory.instance.numberNode(
          b.signum() == 0
              ? BigDecimal.ZERO
              : new BigDecimal(b.stripTrailingZeros().toPlainString()));
    }
    return n;
  }

  static List<String> arrayElements(String literal) {
    List<String> out = new ArrayList<>();
    String s = literal.strip();
    if (s.length() < 2) {
      return out;
    }
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 1; i < s.length() - 1; i++) {
      char ch = s.charAt(i);
      if (ch == '\\' && i + 1 < s.length() - 1) {
        cur.append(s.charAt(++i));
        any = true;
      } else if (ch == '"') {
        quoted = !quoted;
        any = true;
      } else if (ch == ',' && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
        any = false;
      } else {
        cur.append(ch);
        any = true;
      }
    }
    if (any || !out.isEmpty()) {
      out.add(cur.toString());
    }
    return out;
  }

  private static String unescapeIfNeeded(byte[] f) {
    for (byte b : f) {
      if (b == '\\') {
        return CopyText.unescape(f);
      }
    }
    return new String(f, StandardCharsets.UTF_8);
  }

  /** The row's hash over its normalised fields (positions matter, row order does not). */
  public long hash(List<byte[]> rawFields) {
    long h = SEED;
    for (int i = 0; i < canons.length; i++) {
      byte[] f = i < rawFields.size() ? rawFields.get(i) : null;
      h = mix(h * 31 + (f == null ? nullHash(i) : fieldHash(i, f, 0, f.length)));
    }
    return h;
  }

  static final long SEED = 0x9E3779B97F4A7C15L;

  static long nullHash(int column) {
    return 0x51_7C_C1_B7_27_22_0A_95L + column;
  }

  /** The hash of one raw (escaped) COPY field {@code buf[from, to)}, normalised for its column. */
  long fieldHash(int column, byte[] buf, int from, int to) {
    if (canons[column] == Canon.EXACT) {
      long h = wordHash(buf, from, to, column, true);
      if (h != ESCAPED) {
        return h;
      }
      if (to - from >= 3
          && buf[from] == '\\'
          && buf[from + 1] == '\\'
          && buf[from + 2] == 'x'
          && plainAscii(buf, from + 2, to)) {
        // bytea's hex form: its one escape is the leading backslash, so its text is the field
        // without it (ASCII: what a String would make of it is the same bytes)
        return wordHash(buf, from + 1, to, column, false);
      }
    } else if (canons[column] == Canon.DECIMAL) {
      long h = plainDecimalHash(buf, from, to, column);
      if (h != ESCAPED) {
        return h;
      }
    } else if (canons[column] == Canon.JSON) {
      byte[] json = buf;
      int a = from;
      int b = to;
      if (wordHash(buf, from, to, column, true) == ESCAPED) {
        json =
            CopyText.unescape(Arrays.copyOfRange(buf, from, to)).getBytes(StandardCharsets.UTF_8);
        a = 0;
        b = json.length;
      }
      Long h = JsonHash.hash(json, a, b);
      if (h != null) {
        return RowHasher.mix(h ^ column);
      }
    }
    byte[] c =
        canonical(column, Arrays.copyOfRange(buf, from, to)).getBytes(StandardCharsets.UTF_8);
    return wordHash(c, 0, c.length, column, false);
  }

  private static final byte[] ZERO = {'0'};

  /**
   * The hash of a plain decimal's canonical form ({@link #plainDecimalCanon}) without building it:
   * the canonical text is a sub-range of the field. {@link #ESCAPED} when the field needs the
   * general path (exponents, NaN, leading zeros after a sign).
   */
  private static long plainDecimalHash(byte[] b, int from, int to, int column) {
    int start = from < to && b[from] == '-' ? from + 1 : from;
    int dot = -1;
    boolean nonZero = false;
    for (int i = start; i < to; i++) {
      byte c = b[i];
      if (c == '.' && dot < 0) {
        dot = i;
      } else if (c >= '0' && c <= '9') {
        nonZero |= c != '0';
      } else {
        return ESCAPED;
      }
    }
    if (to == start || dot == start || dot == to - 1) {
      return ESCAPED;
    }
    if (!nonZero) {
      return wordHash(ZERO, 0, 1, column, false);
    }
    int end = to;
    if (dot > 0) {
      while (b[end - 1] == '0') {
        end--;
      }
      if (end - 1 == dot) {
        end--;
      }
    }
    int lead = start;
    while (lead < end - 1 && b[lead] == '0' && b[lead + 1] != '.') {
      lead++;
    }
    if (lead > start && start > from) {
      return ESCAPED; // "-007": the canonical "-7" is not one range of the field
    }
    return wordHash(b, start > from ? from : lead, end, column, false);
  }

  /** Returned by {@link #wordHash} when asked to stop at a backslash (an escaped field). */
  private static final long ESCAPED = Long.MIN_VALUE;

  /**
   * Hashes bytes eight at a time. With {@code stopAtBackslash} it returns {@link #ESCAPED} as soon
   * as it meets a backslash (found eight bytes at a time too), so escaped fields take the slow
   * path.
   */
  static long wordHash(byte[] b, int from, int to, int seed, boolean stopAtBackslash) {
    long h = 0xcbf29ce484222325L ^ (seed * 0x100000001b3L) ^ (to - from);
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long w = Words.get(b, i);
      if (stopAtBackslash && Words.equalTo(w, '\\') != 0) {
        return ESCAPED;
      }
      h = Long.rotateLeft((h ^ w) * 0x9E3779B97F4A7C15L, 31);
    }
    long tail = 0;
    for (; i < to; i++) {
      if (stopAtBackslash && b[i] == '\\') {
        return ESCAPED;
      }
      tail = (tail << 8) | (b[i] & 0xff);
    }
    long r = mix(h ^ tail * 0xC2B2AE3D27D4EB4FL);
    return r == ESCAPED ? r + 1 : r;
  }

  /** Whether {@code b[from, to)} is ASCII without a backslash. */
  private static boolean plainAscii(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] < 0 || b[i] == '\\') {
        return false;
      }
    }
    return true;
  }

  /** MurmurHash3's 64-bit finaliser. */
  static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
