package dev.ferry.engine.validate;

import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.dialect.Identifiers;
import dev.ferry.engine.schema.Ddl;
import dev.ferry.engine.schema.SchemaScript;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The schema section of validation: every table, key, index, check, foreign key and view the plan
 * makes, read back from the target's catalog. A table the run kept (ifExists append or truncate)
 * must still have a primary key when the plan gives it one.
 */
public final class SchemaSection {
  private SchemaSection() {}

  /**
   * What the plan makes and the target does not have, in words. Objects the run already recorded as
   * FAILED ({@code failed}, by description) are not repeated.
   */
  public static List<String> missing(
      Connection target,
      String schema,
      SchemaScript script,
      Set<String> keptTables,
      Set<String> failed)
      throws SQLException {
    List<String> out = new ArrayList<>();
    for (Ddl d : script.all()) {
      if (d.kind() == null || failed.contains(d.description())) {
        continue;
      }
      boolean kept = d.table() != null && keptTables.contains(d.table());
      String problem = check(target, schema, d, kept);
      if (problem != null) {
        out.add(problem);
      }
    }
    return out;
  }

  private static String check(Connection c, String schema, Ddl d, boolean kept)
      throws SQLException {
    String table = d.table() == null ? null : Identifiers.qualified(schema, d.table());
    return switch (d.kind()) {
      case TABLE -> has(c, RELATION, schema, d.name(), "r", "p") ? null : absent(d, false);
      case PRIMARY_KEY ->
          kept
              ? has(
                      c,
                      "SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(?) AND contype = 'p'",
                      table)
                  ? null
                  : d.description() + ": the table existed and was kept, and has no primary key"
              : has(c, CONSTRAINT, table, d.name()) ? null : absent(d, false);
      // the keys, indexes and constraints of a kept table are the DBA's: only its key is required
      case UNIQUE, INDEX ->
          kept || has(c, RELATION, schema, d.name(), "i", "I") ? null : absent(d, false);
      case CHECK, FOREIGN_KEY ->
          kept || has(c, CONSTRAINT, table, d.name()) ? null : absent(d, false);
      case TRIGGER ->
          kept
                  || has(
                      c,
                      "SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass(?) AND tgname = ?",
                      table,
                      d.name())
              ? null
              : absent(d, false);
      case POLICY ->
          kept
                  || has(
                      c,
                      "SELECT 1 FROM pg_policy WHERE polrelid = to_regclass(?) AND polname = ?",
                      table,
                      d.name())
              ? null
              : absent(d, false);
      case SEQUENCE -> has(c, RELATION, schema, d.name(), "S", "S") ? null : absent(d, false);
      case ROUTINE ->
          has(
                  c,
                  "SELECT 1 FROM pg_proc p WHERE p.pronamespace = to_regnamespace(quote_ident(?))"
                      + " AND p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' = ?",
                  schema,
                  d.name())
              ? null
              : absent(d, false);
      case VIEW, MATERIALIZED_VIEW -> view(c, schema, d);
    };
  }

  private static final String RELATION =
      "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind::text IN (?, ?)";
  private static final String CONSTRAINT =
      "SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(?) AND conname = ?";

  private static String view(Connection c, String schema, Ddl d) throws SQLException {
    if (!has(c, RELATION, schema, d.name(), "v", "m")) {
      return absent(d, true);
    }
    try (Statement st = c.createStatement()) {
      st.executeQuery("SELECT * FROM " + Identifiers.qualified(schema, d.name()) + " LIMIT 0")
          .close();
      return null;
    } catch (SQLException e) {
      return d.description()
          + ": in the target, but cannot be selected from: "
          + FerryException.describe(e);
    }
  }

  private static String absent(Ddl d, boolean view) {
    return d.description()
        + ": planned, not in the target"
        + (view ? "" : " (dropped or never made)");
  }

  private static boolean has(Connection c, String sql, String... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
