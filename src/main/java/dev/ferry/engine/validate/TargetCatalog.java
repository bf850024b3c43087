package dev.ferry.engine.validate;

import dev.ferry.engine.dialect.Identifiers;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The target's catalog as the schema section reads it: a table's columns with their types as {@code
 * format_type} spells them, a constraint's columns, references and actions, an index's key columns
 * and state, a trigger. A planned type's spelling ({@code varchar(20)}, {@code int}, {@code
 * timestamptz}) is put into the same words by PostgreSQL itself, so two spellings of one type are
 * equal.
 */
final class TargetCatalog {
  /** A column: its type as format_type spells it, and the type's category (pg_type). */
  record Column(String name, String type, boolean notNull, String category) {}

  /** A constraint: kind (p, u, f, c), columns, and for a foreign key what it references. */
  record Constraint(
      String kind,
      List<String> columns,
      String refSchema,
      String refTable,
      List<String> refColumns,
      String onDelete,
      String onUpdate,
      boolean validated,
      boolean deferrable) {}

  /**
   * An index: its table, key columns ("" for an expression), whether it is unique, valid and
   * partial, and its definition.
   */
  record Index(
      String table,
      List<String> columns,
      boolean unique,
      boolean valid,
      boolean partial,
      boolean expression,
      String definition) {}

  /** A planned type in format_type's words, with its category; null words when unknown. */
  record Type(String words, String category) {}

  private final Connection c;
  private final String schema;
  private final Map<String, Type> types = new HashMap<>();

  TargetCatalog(Connection c, String schema) {
    this.c = c;
    this.schema = schema;
  }

  String qualified(String table) {
    return Identifiers.qualified(schema, table);
  }

  boolean hasRelation(String name, String kind1, String kind2) throws SQLException {
    return exists(
        "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind::text IN (?, ?)",
        schema,
        name,
        kind1,
        kind2);
  }

  /** The table's columns in order (empty when there is no such table). */
  List<Column> columns(String table) throws SQLException {
    List<Column> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, t.typcategory"
                + " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                + " WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped"
                + " ORDER BY a.attnum")) {
      ps.setString(1, qualified(table));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Column(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4)));
        }
      }
    }
    return out;
  }

  private static final String CONSTRAINT =
      "SELECT c.contype::text, c.convalidated, c.condeferrable, c.confdeltype::text,"
          + " c.confupdtype::text, r.relname, rn.nspname,"
          + " ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, o)"
          + " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o),"
          + " ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, o)"
          + " JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o)"
          + " FROM pg_constraint c LEFT JOIN pg_class r ON r.oid = c.confrelid"
          + " LEFT JOIN pg_namespace rn ON rn.oid = r.relnamespace"
          + " WHERE c.conrelid = to_regclass(?) AND ";

  /** The table's constraint of this name. */
  Optional<Constraint> constraint(String table, String name) throws SQLException {
    return readConstraint(CONSTRAINT + "c.conname = ?", qualified(table), name);
  }

  /** The table's primary key, whatever its name. */
  Optional<Constraint> primaryKey(String table) throws SQLException {
    return readConstraint(CONSTRAINT + "c.contype = 'p'", qualified(table));
  }

  private Optional<Constraint> readConstraint(String sql, String... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Constraint(
                rs.getString(1),
                strings(rs.getArray(8)),
                rs.getString(7),
                rs.getString(6),
                strings(rs.getArray(9)),
                action(rs.getString(4)),
                action(rs.getString(5)),
                rs.getBoolean(2),
                rs.getBoolean(3)));
      }
    }
  }

  /** pg_constraint's letters as the words of a REFERENCES clause. */
  private static String action(String letter) {
    return switch (letter == null ? "" : letter) {
      case "r" -> "RESTRICT";
      case "c" -> "CASCADE";
      case "n" -> "SET NULL";
      case "d" -> "SET DEFAULT";
      default -> "NO ACTION";
    };
  }

  /** The index of this name in the schema. */
  Optional<Index> index(String name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT t.relname, i.indisunique, i.indisvalid, i.indpred IS NOT NULL,"
                + " i.indexprs IS NOT NULL, pg_get_indexdef(i.indexrelid),"
                + " ARRAY(SELECT coalesce(a.attname::text, '') FROM unnest(i.indkey::int2[])"
                + " WITH ORDINALITY k(n, o) LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid"
                + " AND a.attnum = k.n WHERE k.o <= i.indnkeyatts ORDER BY k.o)"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_index i ON i.indexrelid = c.oid JOIN pg_class t ON t.oid = i.indrelid"
                + " WHERE n.nspname = ? AND c.relname = ?")) {
      ps.setString(1, schema);
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Index(
                rs.getString(1),
                strings(rs.getArray(7)),
                rs.getBoolean(2),
                rs.getBoolean(3),
                rs.getBoolean(4),
                rs.getBoolean(5),
                rs.getString(6)));
      }
    }
  }

  /** Whether the table has this trigger (a user's, not one PostgreSQL made for a constraint). */
  boolean hasTrigger(String table, String name) throws SQLException {
    return exists(
        "SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass(?) AND tgname = ?"
            + " AND NOT tgisinternal",
        qualified(table),
        name);
  }

  /** Whether the table has this row-level-security policy. */
  boolean hasPolicy(String table, String name) throws SQLException {
    return exists(
        "SELECT 1 FROM pg_policy WHERE polrelid = to_regclass(?) AND polname = ?",
        qualified(table),
        name);
  }

  /** Whether the schema has this function or procedure: {@code name(identity arguments)}. */
  boolean hasRoutine(String signature) throws SQLException {
    return exists(
        "SELECT 1 FROM pg_proc p WHERE p.pronamespace = to_regnamespace(quote_ident(?))"
            + " AND p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' = ?",
        schema,
        signature);
  }

  /**
   * A planned type in format_type's words, asked of the target: the name through {@code regtype}
   * (so {@code int} is {@code integer}, {@code timestamptz} {@code timestamp with time zone}, an
   * unqualified enum or domain found on the search path), its modifiers through the type's own
   * {@code typmodin} (so {@code numeric(10)} is {@code numeric(10,0)}).
   */
  Type type(String planned) throws SQLException {
    Type known = types.get(planned);
    if (known == null) {
      known = spell(planned);
      types.put(planned, known);
    }
    return known;
  }

  private Type spell(String planned) throws SQLException {
    int[] mods = modifiers(planned);
    String base =
        mods == null ? planned : planned.substring(0, mods[0]) + planned.substring(mods[1] + 1);
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT t.oid, t.typcategory, format_type(t.oid, NULL), p.proname, pn.nspname"
                + " FROM pg_type t LEFT JOIN pg_proc p ON p.oid = t.typmodin"
                + " LEFT JOIN pg_namespace pn ON pn.oid = p.pronamespace"
                + " WHERE t.oid = to_regtype(?)")) {
      ps.setString(1, base.strip());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return new Type(null, null);
        }
        if (mods == null || rs.getString(4) == null) {
          return new Type(rs.getString(3), rs.getString(2));
        }
        String typmodin = Identifiers.qualified(rs.getString(5), rs.getString(4));
        try (PreparedStatement f =
            c.prepareStatement("SELECT format_type(?, " + typmodin + "(?::cstring[]))")) {
          f.setLong(1, rs.getLong(1));
          f.setString(2, "{" + planned.substring(mods[0] + 1, mods[1]) + "}");
          try (ResultSet fr = f.executeQuery()) {
            fr.next();
            return new Type(fr.getString(1), rs.getString(2));
          }
        }
      }
    }
  }

  /** Where the first parenthesised modifier list outside double quotes starts and ends. */
  private static int[] modifiers(String type) {
    boolean quoted = false;
    for (int i = 0; i < type.length(); i++) {
      char ch = type.charAt(i);
      if (ch == '"') {
        quoted = !quoted;
      } else if (ch == '(' && !quoted) {
        int end = type.indexOf(')', i);
        return end < 0 ? null : new int[] {i, end};
      }
    }
    return null;
  }

  private boolean exists(String sql, String... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static List<String> strings(Array a) throws SQLException {
    return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
  }
}
