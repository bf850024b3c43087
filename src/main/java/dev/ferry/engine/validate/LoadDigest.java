package dev.ferry.engine.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.rows.RowDigest;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * The source side of validation, computed while loading: the digest of the rows a chunk committed,
 * kept as JSON with the chunk's commit marker and merged per table afterwards.
 */
public final class LoadDigest implements RowDigest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RowHasher hasher;
  private final TableDigest digest;

  public LoadDigest(List<ColumnPlan> columns) {
    this.hasher = new RowHasher(columns);
    this.digest = new TableDigest(hasher, columns.stream().map(Validator::isNumeric).toList());
  }

  @Override
  public void add(byte[] buf, int from, int to) {
    digest.add(hasher, buf, from, to);
  }

  @Override
  public void removeRows(long rows, long hashSum) {
    digest.rows -= rows;
    digest.hashSum -= hashSum;
  }

  @Override
  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("rows", digest.rows);
    o.put("hash", digest.hashSum);
    ArrayNode nulls = o.putArray("nulls");
    ArrayNode min = o.putArray("min");
    ArrayNode max = o.putArray("max");
    ArrayNode sum = o.putArray("sum");
    for (int i = 0; i < digest.nulls.length; i++) {
      nulls.add(digest.nulls[i]);
      min.add(text(digest.min(i)));
      max.add(text(digest.max(i)));
      sum.add(text(digest.sum(i)));
    }
    return o.toString();
  }

  private static String text(BigDecimal b) {
    return b == null ? null : b.toPlainString();
  }

  /** The merged digest of a table's chunks. */
  static TableDigest merge(List<ColumnPlan> columns, List<String> chunkDigests) {
    RowHasher hasher = new RowHasher(columns);
    TableDigest total =
        new TableDigest(hasher, columns.stream().map(Validator::isNumeric).toList());
    for (String json : chunkDigests) {
      JsonNode n;
      try {
        n = JSON.readTree(json);
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException("unreadable chunk digest", e);
      }
      total.rows += n.get("rows").asLong();
      total.hashSum += n.get("hash").asLong();
      for (int i = 0; i < total.nulls.length; i++) {
        total.nulls[i] += n.get("nulls").get(i).asLong();
        total.mergeNumbers(
            i,
            number(n.get("min").get(i)),
            number(n.get("max").get(i)),
            number(n.get("sum").get(i)));
      }
    }
    return total;
  }

  private static BigDecimal number(JsonNode n) {
    return n == null || n.isNull() ? null : new BigDecimal(n.asText());
  }
}
