package dev.ferry.engine.schema;

import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.dialect.Dialects;
import dev.ferry.engine.dialect.Identifiers;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The names given to indexes and constraints in one target schema: PostgreSQL's index names are per
 * schema, MySQL's and SQLite's per table or file, so a source's names are made unique here and fit
 * in 63 bytes.
 */
final class TargetNames {
  private final Set<String> usedNames = new HashSet<>();
  private final Set<String> usedConstraintNames = new HashSet<>();
  private final Map<String, SourceCatalog> catalogs;
  private final boolean keepCase;

  TargetNames(Map<String, SourceCatalog> catalogs, boolean keepCase) {
    this.catalogs = catalogs;
    this.keepCase = keepCase;
  }

  /**
   * A source identifier's target spelling: kept exactly for a source whose identifiers are
   * PostgreSQL's own, else folded unless the plan keeps case.
   */
  String of(String source, String identifier) {
    return Dialects.targetName(catalogs.get(source), identifier, keepCase);
  }

  /** Whether an index-backed name is already given in the schema. */
  boolean isTaken(String name) {
    return usedNames.contains(name);
  }

  /**
   * A CHECK or foreign-key name: unique within its table (PostgreSQL's rule for constraints that
   * have no index), so a MySQL foreign key keeps its name beside the index MySQL made for it.
   */
  String constraint(String table, String wanted) {
    String name = Identifiers.fit(wanted);
    int n = 1;
    while (!usedConstraintNames.add(table + "\u0000" + name)) {
      name = Identifiers.fit(wanted + "_" + (++n));
    }
    return name;
  }

  /** An index-backed name (index, primary key, unique): unique within the schema. */
  String unique(String wanted) {
    String name = Identifiers.fit(wanted);
    int n = 1;
    while (!usedNames.add(name)) {
      name = Identifiers.fit(wanted + "_" + (++n));
    }
    return name;
  }
}
