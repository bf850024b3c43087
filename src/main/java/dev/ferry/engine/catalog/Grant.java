package dev.ferry.engine.catalog;

/**
 * A privilege granted on a source object to a role ({@code grantee} null for PUBLIC): {@code
 * objectKind} is the word GRANT takes (TABLE, SEQUENCE, FUNCTION, PROCEDURE, SCHEMA), or {@code
 * DEFAULT} for a default privilege of {@code owner} on new objects of {@code defaultsFor} (TABLES,
 * SEQUENCES, FUNCTIONS, TYPES) in the schema. {@code revokeFromPublic} marks a routine whose
 * EXECUTE was taken from PUBLIC (its privilege is {@code EXECUTE} and grantee null).
 */
public record Grant(
    String objectKind,
    String schema,
    String object,
    Routine routine,
    String privilege,
    String grantee,
    boolean grantable,
    String owner,
    String defaultsFor,
    boolean revokeFromPublic) {
  /** {@code privilege} on a table, view, sequence or schema ({@code object} null) to a role. */
  public static Grant on(
      String objectKind,
      String schema,
      String object,
      String privilege,
      String grantee,
      boolean grantable) {
    return new Grant(
        objectKind, schema, object, null, privilege, grantee, grantable, null, null, false);
  }

  /** {@code privilege} on a function or procedure to a role. */
  public static Grant on(Routine r, String privilege, String grantee, boolean grantable) {
    return new Grant(
        r.keyword(), r.schema(), r.name(), r, privilege, grantee, grantable, null, null, false);
  }

  /** A routine whose EXECUTE was taken from PUBLIC. */
  public static Grant revokedFromPublic(Routine r) {
    return new Grant(
        r.keyword(), r.schema(), r.name(), r, "EXECUTE", null, false, null, null, true);
  }

  /** A default privilege of {@code owner} on new {@code defaultsFor} in the schema. */
  public static Grant byDefault(
      String schema,
      String owner,
      String defaultsFor,
      String privilege,
      String grantee,
      boolean grantable) {
    return new Grant(
        "DEFAULT", schema, null, null, privilege, grantee, grantable, owner, defaultsFor, false);
  }
}
