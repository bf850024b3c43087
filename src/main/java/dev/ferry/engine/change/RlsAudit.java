package dev.ferry.engine.change;

import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.dialect.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Row-level security for multi-tenant tables (seed 003): every table of the schema with a tenant
 * column must have RLS enabled (and forced, or the owner reads everything) and at least one policy;
 * and an isolation probe proves it, inside a transaction that is rolled back: as a fresh non-owner
 * role, with the tenant setting set to one tenant, the table must show exactly that tenant's rows.
 */
public final class RlsAudit {
  /**
   * What the audit proved: isolation (PASS), a leak or a missing policy (FAIL), or nothing
   * (UNPROVEN: the probe could not be made, which never counts as a pass).
   */
  public enum Result {
    PASS,
    FAIL,
    UNPROVEN
  }

  /** One table's verdict; {@code ok} only when isolation was proven. */
  public record TableAudit(
      String table, boolean rlsEnabled, int policies, String probe, Result result, boolean ok) {
    TableAudit(String table, boolean rlsEnabled, int policies, String probe, Result result) {
      this(table, rlsEnabled, policies, probe, result, result == Result.PASS);
    }
  }

  /** A probe's message and what it proved. */
  private record Probe(String message, Result result) {}

  private RlsAudit() {}

  public static List<TableAudit> run(
      Connection c, String schema, String tenantColumn, String tenantSetting) throws SQLException {
    List<TableAudit> out = new ArrayList<>();
    String sql =
        "SELECT t.relname, t.relrowsecurity, (SELECT count(*) FROM pg_policy p WHERE p.polrelid = t.oid)"
            + " FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace"
            + " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attname = ? AND NOT a.attisdropped"
            + " WHERE n.nspname = ? AND t.relkind IN ('r', 'p') ORDER BY t.relname";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, tenantColumn);
      ps.setString(2, schema);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String table = rs.getString(1);
          boolean rls = rs.getBoolean(2);
          int policies = rs.getInt(3);
          Probe probe;
          if (!rls) {
            probe =
                new Probe(
                    "row-level security is disabled: every role sees every tenant's rows",
                    Result.FAIL);
          } else if (policies == 0) {
            probe =
                new Probe(
                    "RLS is enabled but no policy exists: non-owners see no rows at all",
                    Result.FAIL);
          } else {
            probe = probe(c, schema, table, tenantColumn, tenantSetting);
          }
          out.add(
              new TableAudit(schema + "." + table, rls, policies, probe.message(), probe.result()));
        }
      }
    }
    return out;
  }

  /** The isolation probe of one table with RLS and a policy. */
  private static Probe probe(
      Connection c, String schema, String table, String tenantColumn, String tenantSetting)
      throws SQLException {
    String qt = Identifiers.qualified(schema, table);
    String col = Identifiers.quote(tenantColumn);
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      List<String> tenants = new ArrayList<>();
      List<Long> counts = new ArrayList<>();
      try (ResultSet rs =
          st.executeQuery(
              "SELECT "
                  + col
                  + "::text, count(*) FROM "
                  + qt
                  + " WHERE "
                  + col
                  + " IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 2")) {
        while (rs.next()) {
          tenants.add(rs.getString(1));
          counts.add(rs.getLong(2));
        }
      }
      boolean madeUp = tenants.size() < 2;
      if (madeUp) {
        try {
          tenants = insertProbeRows(c, schema, table, tenantColumn, tenantSetting);
          counts = List.of(1L, 1L);
        } catch (SQLException e) {
          return new Probe(
              "UNPROVEN: the table holds rows of fewer than two tenants and no probe rows could be"
                  + " made up ("
                  + FerryException.describe(e)
                  + "), so its isolation was not tested; a policy is present",
              Result.UNPROVEN);
        }
      }
      String role = "ferry_rls_probe_" + Long.toHexString(System.nanoTime());
      st.execute("CREATE ROLE " + Identifiers.quote(role) + " NOLOGIN");
      st.execute(
          "GRANT USAGE ON SCHEMA " + Identifiers.quote(schema) + " TO " + Identifiers.quote(role));
      st.execute("GRANT SELECT ON " + qt + " TO " + Identifiers.quote(role));
      // the probe acts as a member of the roles the policies name, like the application would
      List<String> policyRoles = new ArrayList<>();
      try (PreparedStatement pr =
          c.prepareStatement(
              "SELECT DISTINCT unnest(roles) FROM pg_policies WHERE schemaname = ? AND tablename = ?")) {
        pr.setString(1, schema);
        pr.setString(2, table);
        try (ResultSet rs = pr.executeQuery()) {
          while (rs.next()) {
            if (!rs.getString(1).equals("public")) {
              policyRoles.add(rs.getString(1));
            }
          }
        }
      }
      for (String r : policyRoles) {
        st.execute("GRANT " + Identifiers.quote(r) + " TO " + Identifiers.quote(role));
      }
      st.execute("SET LOCAL ROLE " + Identifiers.quote(role));
      List<String> problems = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        try (PreparedStatement set = c.prepareStatement("SELECT set_config(?, ?, true)")) {
          set.setString(1, tenantSetting);
          set.setString(2, tenants.get(i));
          set.executeQuery().close();
        }
        try (ResultSet rs =
            st.executeQuery(
                "SELECT count(*), count(*) FILTER (WHERE "
                    + col
                    + "::text <> "
                    + "current_setting('"
                    + tenantSetting.replace("'", "''")
                    + "')) FROM "
                    + qt)) {
          rs.next();
          long seen = rs.getLong(1);
          long foreign = rs.getLong(2);
          if (foreign > 0) {
            problems.add(
                "as tenant "
                    + tenants.get(i)
                    + " a non-owner sees "
                    + foreign
                    + " rows of other tenants");
          } else if (seen != counts.get(i)) {
            problems.add(
                "as tenant "
                    + tenants.get(i)
                    + " a non-owner sees "
                    + seen
                    + " of its "
                    + counts.get(i)
                    + " rows");
          }
        }
      }
      return problems.isEmpty()
          ? new Probe(
              (madeUp
                      ? "isolated (probe rows of two made-up tenants, rolled back): "
                      : "isolated: ")
                  + "as tenants "
                  + tenants.get(0)
                  + " and "
                  + tenants.get(1)
                  + " a non-owner role sees exactly its own "
                  + counts.get(0)
                  + " and "
                  + counts.get(1)
                  + " rows",
              Result.PASS)
          : new Probe("LEAK: " + String.join("; ", problems), Result.FAIL);
    } catch (SQLException e) {
      return new Probe("probe failed: " + FerryException.describe(e), Result.FAIL);
    } finally {
      c.rollback();
      c.setAutoCommit(auto);
    }
  }

  /**
   * Inserts one row for each of two made-up tenants (inside the caller's transaction, which is
   * rolled back): the tenant column gets values no row has, every other column without a default a
   * value made up by its type. A superuser inserts with foreign keys and triggers off ({@code
   * session_replication_role = replica}); the tenant setting is set for each row, so a forced
   * policy's check passes. Returns the two tenant values as text.
   */
  private static List<String> insertProbeRows(
      Connection c, String schema, String table, String tenantColumn, String tenantSetting)
      throws SQLException {
    String qt = Identifiers.qualified(schema, table);
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    String tenantType = null;
    String tenantCategory = null;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod), t.typcategory, t.typname, a.atttypid,"
                + " a.attnotnull AND NOT a.atthasdef AND a.attidentity = '' AND a.attgenerated = ''"
                + " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                + " WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped"
                + " ORDER BY a.attnum")) {
      ps.setString(1, qt);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          String type = rs.getString(2);
          if (name.equals(tenantColumn)) {
            tenantType = type;
            tenantCategory = rs.getString(4).equals("uuid") ? "uuid" : rs.getString(3);
          } else if (rs.getBoolean(6)) {
            names.add(Identifiers.quote(name));
            values.add(madeUp(qt, name, type, rs.getString(3), rs.getString(4), rs.getLong(5)));
          }
        }
      }
    }
    List<String> tenants = new ArrayList<>();
    switch (tenantCategory) {
      case "uuid" -> {
        tenants.add(UUID.randomUUID().toString());
        tenants.add(UUID.randomUUID().toString());
      }
      case "N" -> {
        try (Statement st = c.createStatement();
            ResultSet rs =
                st.executeQuery(
                    "SELECT coalesce(max("
                        + Identifiers.quote(tenantColumn)
                        + "), 0) FROM "
                        + qt)) {
          rs.next();
          long max = rs.getLong(1);
          tenants.add(Long.toString(max + 1));
          tenants.add(Long.toString(max + 2));
        }
      }
      case "S" -> {
        String tag = Long.toHexString(System.nanoTime());
        tenants.add("ferry-probe-a-" + tag);
        tenants.add("ferry-probe-b-" + tag);
      }
      default ->
          throw new SQLException("no made-up value for a tenant column of type " + tenantType);
    }
    boolean superuser;
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
      superuser = rs.next() && rs.getBoolean(1);
    }
    try (Statement st = c.createStatement()) {
      if (superuser) {
        st.execute("SET LOCAL session_replication_role = replica");
      }
      String insert =
          "INSERT INTO "
              + qt
              + " ("
              + String.join(
                  ", ",
                  Stream.concat(Stream.of(Identifiers.quote(tenantColumn)), names.stream())
                      .toList())
              + ") VALUES (?::"
              + tenantType
              + (values.isEmpty() ? "" : ", " + String.join(", ", values))
              + ")";
      for (String tenant : tenants) {
        try (PreparedStatement set = c.prepareStatement("SELECT set_config(?, ?, true)")) {
          set.setString(1, tenantSetting);
          set.setString(2, tenant);
          set.executeQuery().close();
        }
        try (PreparedStatement ins = c.prepareStatement(insert)) {
          ins.setString(1, tenant);
          ins.executeUpdate();
        }
      }
      if (superuser) {
        st.execute("SET LOCAL session_replication_role = origin");
      }
    }
    return tenants;
  }

  /** A SQL expression giving a column a value of its type that no row has (where it can). */
  private static String madeUp(
      String qt, String column, String type, String category, String typeName, long typeOid)
      throws SQLException {
    String col = Identifiers.quote(column);
    return switch (typeName) {
      case "uuid" -> "gen_random_uuid()";
      case "json", "jsonb" -> "'{}'::" + type;
      case "inet", "cidr" -> "('192.0.2.' || (1 + floor(random() * 254))::int)::" + type;
      default ->
          switch (category) {
            case "N" -> "(SELECT coalesce(max(" + col + "), 0) + 1 FROM " + qt + ")::" + type;
            case "S" -> "('ferry probe ' || md5(random()::text))::" + type;
            case "B" -> "false";
            case "D" -> "now()::" + type;
            case "A" -> "'{}'::" + type;
            case "E" ->
                "(SELECT enumlabel FROM pg_enum WHERE enumtypid = "
                    + typeOid
                    + " ORDER BY enumsortorder LIMIT 1)::"
                    + type;
            default ->
                throw new SQLException(
                    "no made-up value for column " + column + " of type " + type);
          };
    };
  }
}
