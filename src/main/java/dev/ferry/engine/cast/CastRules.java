package dev.ferry.engine.cast;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ferry.engine.catalog.Column;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.connect.DatabaseKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A source's default cast-rule table, loaded from {@code dev/ferry/cast-rules/<source>.yaml}. The
 * first rule whose type pattern and conditions all hold decides a column's target type.
 */
public record CastRules(DatabaseKind source, List<CastRule> rules) {

  private static final Set<String> DATA_CONDITIONS =
      Set.of("fits-length", "data-integers", "data-numbers", "data-blobs", "no-text");

  public CastRules {
    rules = List.copyOf(rules);
  }

  public static CastRules defaults(DatabaseKind kind) {
    String path = "/dev/ferry/cast-rules/" + kind.id() + ".yaml";
    try (InputStream in = CastRules.class.getResourceAsStream(path)) {
      Objects.requireNonNull(in, path);
      List<CastRule> rules =
          new ObjectMapper(new YAMLFactory()).readValue(in, new TypeReference<List<CastRule>>() {});
      return new CastRules(kind, rules);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read cast rules " + path, e);
    }
  }

  /** The chosen rule and the target type it gives this column. */
  public record Choice(CastRule rule, String targetType) {}

  /** The first rule whose type and conditions match; {@code enumAsType} is the plan's setting. */
  public Choice choose(Table table, Column column, ColumnProfile profile, boolean enumAsType) {
    for (CastRule r : rules) {
      if (r.matchesType(column.baseType())
          && conditionsHold(r, table, column, profile, enumAsType)) {
        return new Choice(r, expand(r.target(), column));
      }
    }
    throw new IllegalStateException(
        "No cast rule matches "
            + table.id().label()
            + "."
            + column.name()
            + " ("
            + column.declaredType()
            + ")");
  }

  /**
   * Whether a rule with one of these transforms may be the one this column gets: such a rule
   * matches its type before the first rule that matches it unconditionally.
   */
  public boolean mayChoose(Column column, Set<Transform> transforms) {
    return mayGet(column, r -> transforms.contains(r.transform()));
  }

  /**
   * Whether the rule this column gets may depend on its data: a rule with a data condition matches
   * its type before the first rule that matches it unconditionally.
   */
  public boolean needsProfile(Column column) {
    return mayGet(column, r -> r.when().stream().anyMatch(DATA_CONDITIONS::contains));
  }

  /**
   * Whether a rule of this kind may be the one this column gets: one matches its type before the
   * first rule that matches it unconditionally (the rules are tried in order).
   */
  private boolean mayGet(Column column, java.util.function.Predicate<CastRule> kind) {
    for (CastRule r : rules) {
      if (r.matchesType(column.baseType())) {
        if (kind.test(r)) {
          return true;
        }
        if (r.when().isEmpty()) {
          return false;
        }
      }
    }
    return false;
  }

  private static boolean conditionsHold(
      CastRule r, Table table, Column c, ColumnProfile profile, boolean enumAsType) {
    for (String cond : r.when()) {
      boolean ok =
          switch (cond) {
            case "rowid-key" ->
                table.primaryKey() != null
                    && table.primaryKey().columns().equals(List.of(c.name()))
                    && c.declaredType().strip().equalsIgnoreCase("integer");
            case "auto-increment" -> c.autoIncrement();
            case "unsigned" -> c.unsigned();
            case "width=1" ->
                Integer.valueOf(1).equals(c.precision()) || Integer.valueOf(1).equals(c.length());
            case "has-precision" -> c.precision() != null;
            case "has-length" -> c.length() != null;
            case "fits-length" ->
                c.length() != null && (profile == null || profile.maxLength() <= c.length());
            case "data-integers" -> profile != null && profile.allIntegers();
            case "data-numbers" -> profile != null && profile.allNumbers();
            case "data-blobs" -> profile != null && profile.allBlobs();
            case "no-text" -> profile != null && profile.texts() + profile.blobs() == 0;
            case "enum-as-type" -> enumAsType;
            case "enum-as-check" -> !enumAsType;
            default ->
                throw new IllegalStateException(
                    "Unknown cast-rule condition '" + cond + "' in rule " + r.id());
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static String expand(String template, Column c) {
    String t = template;
    t = t.replace("{n}", String.valueOf(c.length()));
    t = t.replace("{p}", String.valueOf(c.precision()));
    t = t.replace("{s}", String.valueOf(c.scale() == null ? 0 : c.scale()));
    t = t.replace("{fsp}", String.valueOf(c.scale() == null ? 0 : c.scale()));
    t = t.replace("{declared}", c.declaredType());
    return t;
  }
}
