package dev.ferry.engine.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Checks type names a DBA typed (a column's target type in the plan) against the target, before a
 * run can fail on them half-way: PostgreSQL parses each name itself ({@code to_regtype}, the text
 * bound as a value, never spliced into SQL), so {@code varchar(20)}, {@code numeric(12,2)}, {@code
 * timestamptz}, {@code text[]} and the target's own enums and domains pass, and {@code timestampz}
 * does not. A name that does not exist comes back with the closest names the target has.
 */
public final class TargetTypes {
  private TargetTypes() {}

  /** Each name the target does not know, with why and what was probably meant. */
  public static Map<String, String> unknown(Connection target, Collection<String> names)
      throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    if (names.isEmpty()) {
      return out;
    }
    List<String> known = null;
    boolean autoCommit = target.getAutoCommit();
    target.setAutoCommit(false);
    try (PreparedStatement ps = target.prepareStatement("SELECT to_regtype(?)::text")) {
      for (String name : names) {
        String why = null;
        Savepoint sp = target.setSavepoint();
        try {
          ps.setString(1, name.strip());
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getString(1) == null) {
              why = "type \"" + name.strip() + "\" does not exist on the target";
            }
          }
          target.releaseSavepoint(sp);
        } catch (SQLException e) {
          // a name PostgreSQL cannot even parse ("int[", "varchar(x)")
          target.rollback(sp);
          why =
              "\""
                  + name.strip()
                  + "\" is not a type name PostgreSQL can read ("
                  + e.getMessage()
                  + ")";
        }
        if (why != null) {
          if (known == null) {
            known = typeNames(target);
          }
          List<String> near = closest(name, known);
          out.put(
              name,
              near.isEmpty() ? why : why + "; did you mean " + String.join(" or ", near) + "?");
        }
      }
    } finally {
      target.rollback();
      target.setAutoCommit(autoCommit);
    }
    return out;
  }

  /** The names of the types a column can have on the target (and their SQL spellings). */
  private static List<String> typeNames(Connection c) throws SQLException {
    List<String> out =
        new ArrayList<>(
            List.of(
                "timestamptz",
                "timestamp",
                "timetz",
                "varchar",
                "char",
                "int",
                "integer",
                "smallint",
                "bigint",
                "boolean",
                "double precision",
                "real",
                "numeric",
                "decimal",
                "text",
                "bytea",
                "date",
                "time",
                "interval",
                "json",
                "jsonb",
                "uuid"));
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT typname FROM pg_type WHERE typtype IN ('b', 'd', 'e', 'r')"
                    + " AND typname NOT LIKE '\\_%' AND pg_type_is_visible(oid)");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /**
   * The known names at the smallest edit distance (at most 2) from the typed one, base name only.
   */
  static List<String> closest(String typed, List<String> known) {
    String base = typed.strip().toLowerCase(Locale.ROOT);
    int paren = base.indexOf('(');
    base = (paren < 0 ? base : base.substring(0, paren)).replace("[]", "").strip();
    LevenshteinDistance distance = new LevenshteinDistance(2);
    int best = 3;
    List<String> out = new ArrayList<>();
    for (String k : known) {
      int d = distance.apply(base, k);
      if (d < 0) {
        continue; // further than 2 edits
      }
      if (d < best) {
        best = d;
        out.clear();
      }
      if (d == best && !out.contains(k)) {
        out.add(k);
      }
    }
    return out.size() > 3 ? out.subList(0, 3) : out;
  }
}
