package dev.ferry.engine.change;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The objects of some schemas with a definition each — tables, columns, indexes, constraints,
 * views, types, policies — so two snapshots can be compared to say what a change adds, alters or
 * drops.
 */
public record CatalogSnapshot(Map<String, String> objects) {

  /** One difference: the kind of object, its name, and what happened to it. */
  public record Change(String kind, String name, String what, String before, String after) {}

  private static final String SQL =
      """
      SELECT 'table', n.nspname || '.' || c.relname, c.relkind::text || ' rls=' || c.relrowsecurity
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY (?)
      UNION ALL
      SELECT 'column', n.nspname || '.' || c.relname || '.' || a.attname,
             format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
             || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
         AND n.nspname = ANY (?)
      UNION ALL
      SELECT 'index', n.nspname || '.' || c.relname, pg_get_indexdef(c.oid)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('i', 'I') AND n.nspname = ANY (?)
      UNION ALL
      SELECT 'constraint', n.nspname || '.' || t.relname || '.' || k.conname, pg_get_constraintdef(k.oid)
        FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = ANY (?)
      UNION ALL
      SELECT CASE c.relkind WHEN 'v' THEN 'view' ELSE 'materialized view' END,
             n.nspname || '.' || c.relname, pg_get_viewdef(c.oid)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY (?)
      UNION ALL
      SELECT 'type', n.nspname || '.' || t.typname,
             CASE t.typtype WHEN 'e' THEN 'enum (' || (SELECT string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder)
                                                      FROM pg_enum e WHERE e.enumtypid = t.oid) || ')'
                            WHEN 'd' THEN 'domain ' || format_type(t.typbasetype, t.typtypmod)
                            ELSE t.typtype::text END
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE t.typtype IN ('e', 'd') AND n.nspname = ANY (?)
      UNION ALL
      SELECT 'policy', p.schemaname || '.' || p.tablename || '.' || p.policyname,
             p.cmd || ' to ' || array_to_string(p.roles, ',') || ' using ' || coalesce(p.qual, '-')
             || ' check ' || coalesce(p.with_check, '-')
        FROM pg_policies p WHERE p.schemaname = ANY (?)
      """;

  public static CatalogSnapshot take(Connection c, List<String> schemas) throws SQLException {
    Map<String, String> out = new TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement(SQL)) {
      Array a = c.createArrayOf("text", schemas.toArray());
      for (int i = 1; i <= 7; i++) {
        ps.setArray(i, a);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1) + " " + rs.getString(2), rs.getString(3));
        }
      }
    }
    return new CatalogSnapshot(out);
  }

  /** What {@code after} adds, alters and drops compared with this snapshot. */
  public List<Change> diff(CatalogSnapshot after) {
    List<Change> out = new ArrayList<>();
    for (var e : after.objects.entrySet()) {
      String before = objects.get(e.getKey());
      String[] kn = split(e.getKey());
      if (before == null) {
        out.add(new Change(kn[0], kn[1], "added", null, e.getValue()));
      } else if (!Objects.equals(before, e.getValue())) {
        out.add(new Change(kn[0], kn[1], "altered", before, e.getValue()));
      }
    }
    for (var e : objects.entrySet()) {
      if (!after.objects.containsKey(e.getKey())) {
        String[] kn = split(e.getKey());
        out.add(new Change(kn[0], kn[1], "dropped", e.getValue(), null));
      }
    }
    return out;
  }

  private static String[] split(String key) {
    // kinds are one word except "materialized view"
    if (key.startsWith("materialized view ")) {
      return new String[] {"materialized view", key.substring("materialized view ".length())};
    }
    int i = key.indexOf(' ');
    return new String[] {key.substring(0, i), key.substring(i + 1)};
  }
}
