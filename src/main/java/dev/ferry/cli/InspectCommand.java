package dev.ferry.cli;

import dev.ferry.engine.Ferry;
import dev.ferry.engine.cast.CastRule;
import dev.ferry.engine.cast.CastRules;
import dev.ferry.engine.catalog.Column;
import dev.ferry.engine.catalog.ForeignKey;
import dev.ferry.engine.catalog.ForeignKeyLevels;
import dev.ferry.engine.catalog.Index;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.catalog.TableId;
import dev.ferry.engine.connect.ConnectionCheck;
import dev.ferry.engine.connect.DatabaseKind;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description =
        "Show what Ferry sees: the sources' tables, columns, keys, indexes, foreign keys (with their levels),"
            + " checks and row counts; --casts shows the cast-rule tables; --test tests the connections.")
final class InspectCommand implements Callable<Integer> {
  @Mixin ConnectionOptions conn;

  @Option(
      names = "--casts",
      arity = "0..1",
      paramLabel = "sqlite|mysql|postgresql",
      fallbackValue = "all",
      description = "Print the default cast rules (of one source kind, or all).")
  String casts;

  @Option(
      names = "--test",
      description =
          "Test the connections: server version, user, encoding, CREATE privilege on the target schema.")
  boolean test;

  @Option(names = "--json", description = "Print the catalogs as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (casts != null) {
      printCasts();
      if (conn.sources.isEmpty() && conn.target == null) {
        return ExitCodes.OK;
      }
    }
    Ferry ferry = conn.builder().load();
    if (test) {
      for (int i = 0; i < ferry.sources().size(); i++) {
        print("source", ferry.testSource(i));
      }
      if (ferry.target() != null) {
        print("target", ferry.testTarget());
      }
      return ExitCodes.OK;
    }
    Map<String, SourceCatalog> catalogs = ferry.inspect();
    if (json) {
      System.out.println(ResultPrinter.JSON.writeValueAsString(catalogs));
      return ExitCodes.OK;
    }
    for (SourceCatalog cat : catalogs.values()) {
      ForeignKeyLevels levels = new ForeignKeyLevels(cat.tables());
      System.out.printf(
          "%s (%s %s): %d tables, %d views%n",
          cat.source(),
          cat.kind().id(),
          cat.serverVersion(),
          cat.tables().size(),
          cat.views().size());
      for (Table t : cat.tables()) {
        System.out.printf(
            "  %s  rows=%s size=%s level=%d%s%n",
            t.id().label(),
            t.rowCount() >= 0 ? t.rowCount() : "~" + t.estimatedRows(),
            t.sizeBytes() >= 0 ? t.sizeBytes() : "?",
            levels.level(t.id()),
            t.primaryKey() == null
                ? "  (no primary key)"
                : "  pk(" + String.join(", ", t.primaryKey().columns()) + ")");
        for (Column c : t.columns()) {
          System.out.printf(
              "      %-28s %-24s%s%s%s%n",
              c.name(),
              c.declaredType().isEmpty() ? "(no type)" : c.declaredType(),
              c.nullable() ? "" : " NOT NULL",
              c.autoIncrement() ? " auto-increment" : "",
              c.defaultExpr() == null ? "" : " DEFAULT " + c.defaultExpr());
        }
        for (Index ix : t.indexes()) {
          System.out.printf(
              "      index %s%s (%s)%s%n",
              ix.name(),
              ix.unique() ? " unique" : "",
              String.join(", ", ix.isExpressionIndex() ? ix.expressions() : ix.columns()),
              ix.predicate() == null ? "" : " WHERE " + ix.predicate());
        }
        for (ForeignKey fk : t.foreignKeys()) {
          System.out.printf(
              "      foreign key (%s) → %s (%s) on delete %s%n",
              String.join(", ", fk.columns()),
              fk.references().name(),
              String.join(", ", fk.referencedColumns()),
              fk.onDelete());
        }
        t.checks().forEach(ch -> System.out.println("      check " + ch.expression()));
      }
      for (List<TableId> cycle : levels.cycles()) {
        System.out.println(
            "  cycle: "
                + cycle
                + " — loaded together; their foreign keys are added after the data");
      }
    }
    return ExitCodes.OK;
  }

  private void printCasts() {
    for (DatabaseKind k : DatabaseKind.values()) {
      if (!casts.equals("all") && !casts.equalsIgnoreCase(k.id())) {
        continue;
      }
      System.out.println(
          "# " + k.id() + " → postgresql (first match wins; override per column in the plan)");
      System.out.printf(
          "%-26s %-48s %-30s %-22s %s%n",
          "rule", "source type (regex)", "when", "target", "transform");
      for (CastRule r : CastRules.defaults(k).rules()) {
        System.out.printf(
            "%-26s %-48s %-30s %-22s %s%n",
            r.id(),
            r.match().isEmpty() ? "(no declared type)" : r.match(),
            String.join(",", r.when()),
            r.target(),
            r.transform());
      }
      System.out.println();
    }
  }

  private static void print(String role, ConnectionCheck c) {
    System.out.printf(
        "%s %s%n  server: %s%n  user: %s%n  encoding: %s%n",
        role, c.target(), c.serverVersion(), c.currentUser(), c.encoding());
    if (role.equals("target")) {
      System.out.printf(
          "  schema %s: %s, CREATE %s%n",
          c.schema(),
          c.schemaExists() ? "exists" : "will be created",
          c.canCreate() ? "allowed" : "NOT allowed");
    }
  }
}
