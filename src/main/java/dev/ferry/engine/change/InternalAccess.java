package dev.ferry.engine.change;

import dev.ferry.engine.dialect.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Views that must stay internal (seed 000: business-intelligence views "restricted to
 * internal/admin roles and never exposed to tenants"): every role that can read such a view — by a
 * direct grant, through PUBLIC, or through membership in another role — must be one of the allowed
 * roles or a member of one. Superusers and the view's owner read everything and are not counted.
 */
public final class InternalAccess {
  /** One view's verdict: the roles that may read it and those that should not. */
  public record ViewAccess(String view, List<String> readers, List<String> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private InternalAccess() {}

  public static List<ViewAccess> run(
      Connection c, String schema, List<String> views, List<String> allowedRoles)
      throws SQLException {
    List<ViewAccess> out = new ArrayList<>();
    for (String view : views) {
      String qualified = Identifiers.qualified(schema, view);
      List<String> readers = new ArrayList<>();
      List<String> problems = new ArrayList<>();
      try (PreparedStatement exists =
          c.prepareStatement(
              "SELECT to_regclass(?) IS NOT NULL, has_table_privilege('public', to_regclass(?), 'SELECT')")) {
        exists.setString(1, qualified);
        exists.setString(2, qualified);
        try (ResultSet rs = exists.executeQuery()) {
          rs.next();
          if (!rs.getBoolean(1)) {
            out.add(
                new ViewAccess(schema + "." + view, List.of(), List.of("no such view or table")));
            continue;
          }
          if (rs.getBoolean(2)) {
            problems.add("PUBLIC may read it: every role, tenants' included");
          }
        }
      }
      String sql =
          "SELECT r.rolname,"
              + " coalesce((SELECT bool_or(pg_has_role(r.oid, a.oid, 'MEMBER')) FROM pg_roles a"
              + "   WHERE a.rolname = ANY (?)), false)"
              + " FROM pg_roles r"
              + " WHERE NOT r.rolsuper AND r.rolname NOT LIKE 'pg\\_%'"
              + " AND r.oid <> (SELECT relowner FROM pg_class WHERE oid = to_regclass(?))"
              + " AND has_table_privilege(r.oid, to_regclass(?), 'SELECT')"
              + " ORDER BY 1";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setArray(1, c.createArrayOf("text", allowedRoles.toArray()));
        ps.setString(2, qualified);
        ps.setString(3, qualified);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            readers.add(rs.getString(1));
            if (!rs.getBoolean(2)) {
              problems.add(
                  "role "
                      + rs.getString(1)
                      + " may read it but is not one of the internal roles "
                      + allowedRoles
                      + " (REVOKE SELECT ON "
                      + qualified
                      + " FROM "
                      + Identifiers.quote(rs.getString(1))
                      + ", or revoke the membership that gives it)");
            }
          }
        }
      }
      out.add(new ViewAccess(schema + "." + view, readers, problems));
    }
    return out;
  }
}
