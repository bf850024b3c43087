package dev.ferry.engine.plan;

import dev.ferry.engine.cast.CastRules;
import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.cast.ColumnProfile;
import dev.ferry.engine.cast.NumericTime;
import dev.ferry.engine.cast.Transform;
import dev.ferry.engine.catalog.Column;
import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.connect.ConnectionSpec;
import dev.ferry.engine.connect.Sessions;
import dev.ferry.engine.core.FerryException;
import dev.ferry.engine.core.Workers;
import dev.ferry.engine.dialect.Dialect;
import dev.ferry.engine.dialect.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Builds the default plan: every table included, target names folded to lower case with collisions
 * between sources resolved by prefixing the source name, each column's type from the cast rules
 * (with the data deciding where SQLite's declared types lie) and defaults translated.
 */
public final class Planner {
  private static final Set<Transform> DATA_DEPENDENT =
      Set.of(Transform.TIMESTAMPTZ, Transform.TIMESTAMP, Transform.DATE);

  private Planner() {}

  /**
   * One opened source: its reference, catalog, dialect, a connection and how to open more (tables
   * are profiled in parallel, each worker on its own connection).
   */
  public record Source(
      SourceRef ref,
      SourceCatalog catalog,
      Dialect dialect,
      Connection connection,
      ConnectionSpec spec) {}

  public static MigrationPlan plan(List<Source> sources, TargetRef target, Settings settings)
      throws SQLException {
    Map<Table, Map<String, ColumnProfile>> profiles =
        profileAll(sources, Math.max(1, settings.jobs()));
    Map<String, TablePlan> firstOwner = new HashMap<>();
    List<TablePlan> tables = new ArrayList<>();
    for (Source s : sources) {
      CastRules rules = s.dialect().castRules();
      boolean keepCase = settings.keepCase() || s.dialect().keepsIdentifiers();
      for (Table t : s.catalog().tables()) {
        Map<String, ColumnProfile> profile = profiles.getOrDefault(t, Map.of());
        List<ColumnPlan> cols = new ArrayList<>();
        for (Column c : t.columns()) {
          cols.add(column(s.dialect(), rules, t, c, profile.get(c.name()), settings, keepCase));
        }
        String name = Identifiers.targetName(t.name(), keepCase);
        String resolution = null;
        TablePlan owner = firstOwner.get(name.toLowerCase(Locale.ROOT));
        if (owner != null) {
          boolean same = owner.sameTargetColumns(cols);
          if (settings.nameConflicts() == NameConflicts.MERGE && same) {
            resolution =
                TablePlan.MERGED
                    + " with "
                    + owner.id().label()
                    + ": same columns and types, loaded into one table";
          } else {
            resolution =
                "name '"
                    + name
                    + "' is also used by source '"
                    + owner.source()
                    + "': prefixed with the source name"
                    + (settings.nameConflicts() == NameConflicts.MERGE
                        ? " (not merged: the columns or types differ)"
                        : "");
            name = Identifiers.targetName(s.ref().name() + "_" + t.name(), keepCase);
          }
        }
        TablePlan tp =
            new TablePlan(s.ref().name(), t.id().schema(), t.name(), name, true, resolution, cols);
        firstOwner.putIfAbsent(name.toLowerCase(Locale.ROOT), tp);
        tables.add(tp);
      }
    }
    return new MigrationPlan(
        MigrationPlan.CURRENT_VERSION,
        sources.stream().map(Source::ref).toList(),
        target,
        settings,
        tables,
        List.of());
  }

  /**
   * Profiles the columns whose type depends on their data, largest tables first, on up to {@code
   * workers} threads with a source connection each (a profile is one full scan of the table).
   */
  private static Map<Table, Map<String, ColumnProfile>> profileAll(
      List<Source> sources, int workers) throws SQLException {
    // a large table in slices read side by side: the largest table no longer profiles alone on
    // one worker while the others are done
    record Job(Source source, Table table, List<Column> columns, String slice, long rows) {}
    List<Job> jobs = new ArrayList<>();
    for (Source s : sources) {
      CastRules rules = s.dialect().castRules();
      for (Table t : s.catalog().tables()) {
        List<Column> cols = needingProfile(rules, t);
        if (!cols.isEmpty()) {
          List<String> slices = s.dialect().profileSlices(s.connection(), t, workers);
          for (String slice : slices) {
            jobs.add(new Job(s, t, cols, slice, t.rows() / slices.size()));
          }
        }
      }
    }
    jobs.sort(Comparator.comparingLong(Job::rows).reversed());
    Map<Table, Map<String, ColumnProfile>> out = new ConcurrentHashMap<>();
    if (jobs.size() <= 1 || workers == 1) {
      for (Job j : jobs) {
        merge(
            out,
            j.table(),
            j.source()
                .dialect()
                .profile(j.source().connection(), j.table(), j.columns(), j.slice()));
      }
      return out;
    }
    ConcurrentLinkedQueue<Job> queue = new ConcurrentLinkedQueue<>(jobs);
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int w = 0; w < Math.min(workers, jobs.size()); w++) {
      tasks.add(
          () -> {
            Map<Source, Connection> mine = new HashMap<>();
            try {
              for (Job j = queue.poll(); j != null; j = queue.poll()) {
                Connection c = mine.get(j.source());
                if (c == null) {
                  c = Sessions.openSource(j.source().spec());
                  mine.put(j.source(), c);
                }
                merge(
                    out,
                    j.table(),
                    j.source().dialect().profile(c, j.table(), j.columns(), j.slice()));
              }
            } finally {
              for (Connection c : mine.values()) {
                c.close();
              }
            }
            return null;
          });
    }
    ExecutorService pool = Workers.pool("ferry-profile", tasks.size());
    try {
      for (Future<Void> f : pool.invokeAll(tasks)) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FerryException("Profiling the source was interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      throw new FerryException("Profiling the source failed: " + e.getCause().getMessage(), e);
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  /** Adds a slice's profile to its table's. */
  private static void merge(
      Map<Table, Map<String, ColumnProfile>> out, Table t, Map<String, ColumnProfile> slice) {
    out.merge(
        t,
        slice,
        (a, b) -> {
          Map<String, ColumnProfile> m = new java.util.LinkedHashMap<>(a);
          b.forEach((col, p) -> m.merge(col, p, ColumnProfile::merge));
          return m;
        });
  }

  /**
   * Columns whose target type depends on their data (no type, limited lengths, types SQLite gives
   * NUMERIC affinity: the cast rules say), and dates and times (whose numbers are epochs in a
   * unit).
   */
  private static List<Column> needingProfile(CastRules rules, Table t) {
    return t.columns().stream()
        .filter(c -> rules.needsProfile(c) || c.baseType().matches(".*(date|time).*"))
        .toList();
  }

  private static ColumnPlan column(
      Dialect d,
      CastRules rules,
      Table t,
      Column c,
      ColumnProfile p,
      Settings settings,
      boolean keepCase) {
    CastRules.Choice choice = rules.choose(t, c, p, settings.enumAsType());
    String target = Identifiers.targetName(c.name(), keepCase);
    String type = choice.targetType();
    if (type.contains("{enum-type}")) {
      type =
          Identifiers.quote(
              Identifiers.fit(Identifiers.targetName(t.name() + "_" + c.name(), keepCase)));
    }
    boolean identity = c.autoIncrement();
    List<String> notes = new ArrayList<>();
    if (identity && !type.matches("smallint|integer|int|bigint")) {
      notes.add("identity needs an integer type: " + type + " became bigint");
      type = "bigint";
    }
    if (choice.rule().note() != null) {
      notes.add(choice.rule().note());
    }
    NumericTime numericTime = null;
    if (DATA_DEPENDENT.contains(choice.rule().transform())
        && p != null
        && p.integers() + p.reals() > 0) {
      numericTime = detectNumericTime(p);
      notes.add(
          "numbers in this column are read as "
              + numericTime.name().toLowerCase(Locale.ROOT).replace('_', ' ')
              + " (detected from the range "
              + range(p)
              + ")");
    }
    if (c.length() != null
        && choice.rule().id().equals("sqlite.text")
        && p != null
        && p.maxLength() > c.length()) {
      notes.add(
          "declared length "
              + c.length()
              + " dropped: a value has "
              + p.maxLength()
              + " characters");
    }
    ColumnPlan draft =
        new ColumnPlan(
            c.name(),
            c.declaredType(),
            target,
            type,
            choice.rule().transform(),
            choice.rule().id(),
            c.nullable(),
            identity,
            null,
            numericTime,
            null);
    List<String> untranslated = new ArrayList<>();
    String def = identity ? null : d.targetDefault(c, draft, untranslated).orElse(null);
    for (String u : untranslated) {
      notes.add("default " + u + " has no PostgreSQL equivalent for " + type + ": left out");
    }
    return new ColumnPlan(
        c.name(),
        c.declaredType(),
        target,
        type,
        choice.rule().transform(),
        choice.rule().id(),
        c.nullable(),
        identity,
        def,
        numericTime,
        notes.isEmpty() ? null : String.join("; ", notes));
  }

  /** Epoch seconds, milliseconds or Julian days, from the magnitude of the column's numbers. */
  static NumericTime detectNumericTime(ColumnProfile p) {
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    if (p.minInteger() != null) {
      lo = Math.min(lo, p.minInteger());
      hi = Math.max(hi, p.maxInteger());
    }
    if (p.minReal() != null) {
      lo = Math.min(lo, p.minReal());
      hi = Math.max(hi, p.maxReal());
    }
    // Julian days of 0001-01-01 .. 9999-12-31, with fractions present (julianday() writes reals;
    // SQLite's
    // NUMERIC affinity turns the whole-day ones into integers)
    if (p.reals() > 0 && lo >= 1_721_425.5 && hi <= 5_373_484.5) {
      return NumericTime.JULIAN_DAY;
    }
    double maxAbs = Math.max(Math.abs(lo), Math.abs(hi));
    // 1e11 seconds is the year 5138; 1e11 milliseconds is 1973: anything larger is milliseconds
    return maxAbs >= 1e11 ? NumericTime.EPOCH_MILLIS : NumericTime.EPOCH_SECONDS;
  }

  private static String range(ColumnProfile p) {
    List<String> parts = new ArrayList<>();
    if (p.minInteger() != null) {
      parts.add(p.minInteger() + ".." + p.maxInteger());
    }
    if (p.minReal() != null) {
      parts.add(p.minReal() + ".." + p.maxReal());
    }
    return String.join(", ", parts);
  }
}
