package dev.ferry.engine.validate;

import dev.ferry.engine.catalog.ForeignKey;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.Sessions;
import dev.ferry.engine.dialect.Dialect;
import dev.ferry.engine.dialect.Dialects;
import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.plan.TablePlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Orphans: rows whose foreign key points at no row, counted in the target for every foreign key the
 * target table has (also those left NOT VALID), and in the sources for the keys they declare, so
 * pre-existing orphans are told from those a migration introduced.
 */
final class Orphans {
  private Orphans() {}

  /** Rows of the target table whose foreign key points at no row, for every foreign key it has. */
  static Map<String, Long> count(ConnectionSpec target, String schema, String table)
      throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    String sql =
        "SELECT con.conname, (SELECT array_agg(a.attname ORDER BY k.i) FROM unnest(con.conkey) WITH"
            + " ORDINALITY k(attnum, i)   JOIN pg_attribute a ON a.attrelid = con.conrelid AND"
            + " a.attnum = k.attnum), (SELECT array_agg(a.attname ORDER BY k.i) FROM"
            + " unnest(con.confkey) WITH ORDINALITY k(attnum, i)   JOIN pg_attribute a ON"
            + " a.attrelid = con.confrelid AND a.attnum = k.attnum), pn.nspname, pc.relname FROM"
            + " pg_constraint con JOIN pg_class pc ON pc.oid = con.confrelid JOIN pg_namespace pn"
            + " ON pn.oid = pc.relnamespace WHERE con.contype = 'f' AND con.conrelid = (SELECT"
            + " c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace   WHERE"
            + " n.nspname = ? AND c.relname = ?) ORDER BY 1";
    try (Connection c = Sessions.openTarget(target, schema)) {
      List<String[]> fks = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, schema);
        ps.setString(2, table);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String[] cols = (String[]) rs.getArray(2).getArray();
            String[] refCols = (String[]) rs.getArray(3).getArray();
            fks.add(
                new String[] {
                  rs.getString(1),
                  String.join("\u0001", cols),
                  String.join("\u0001", refCols),
                  rs.getString(4),
                  rs.getString(5)
                });
          }
        }
      }
      for (String[] fk : fks) {
        String[] cols = fk[1].split("\u0001");
        String[] refCols = fk[2].split("\u0001");
        StringBuilder q =
            new StringBuilder("SELECT count(*) FROM ")
                .append(Identifiers.qualified(schema, table))
                .append(" c WHERE ");
        for (String col : cols) {
          q.append("c.").append(Identifiers.quote(col)).append(" IS NOT NULL AND ");
        }
        q.append("NOT EXISTS (SELECT 1 FROM ")
            .append(Identifiers.qualified(fk[3], fk[4]))
            .append(" p WHERE ");
        for (int i = 0; i < cols.length; i++) {
          q.append(i == 0 ? "" : " AND ")
              .append("p.")
              .append(Identifiers.quote(refCols[i]))
              .append(" = c.")
              .append(Identifiers.quote(cols[i]));
        }
        q.append(')');
        try (Statement st = c.createStatement();
            ResultSet rs = st.executeQuery(q.toString())) {
          rs.next();
          out.put(fk[0], rs.getLong(1));
        }
      }
    }
    return out;
  }

  /** "2 for fk_a, 1 for fk_b": the foreign keys that have orphans. */
  static String describe(Map<String, Long> orphans) {
    return String.join(
        ", ",
        orphans.entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .map(e -> e.getValue() + " for " + e.getKey())
            .toList());
  }

  /** Orphans the source tables hold themselves, for the foreign keys they declare. */
  static long inSources(
      List<TablePlan> members,
      Map<String, SourceCatalog> catalogs,
      Map<String, ConnectionSpec> sources)
      throws SQLException {
    long n = 0;
    for (TablePlan m : members) {
      Table child = catalogs.get(m.source()).table(m.id()).orElseThrow();
      SourceCatalog cat = catalogs.get(m.source());
      ConnectionSpec spec = sources.get(m.source());
      try (Connection c = Sessions.openSource(spec)) {
        Dialect d = Dialects.of(spec.kind());
        for (ForeignKey fk : child.foreignKeys()) {
          Table parent = cat.parentOf(fk).orElse(null);
          if (parent != null && fk.parentColumns(parent).size() == fk.columns().size()) {
            n += d.countOrphans(c, child, fk, parent, fk.parentColumns(parent));
          }
        }
      }
    }
    return n;
  }
}
