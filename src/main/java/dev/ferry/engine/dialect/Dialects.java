package dev.ferry.engine.dialect;

import dev.ferry.engine.catalog.SourceCatalog;
import dev.ferry.engine.connect.DatabaseKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Finds the {@link Dialect} of a database kind. The implementations are services ({@code
 * META-INF/services/dev.ferry.engine.dialect.Dialect}), so this package names none of them: a new
 * source database is a new sub-package and one line in that file.
 */
public final class Dialects {
  private static final Map<DatabaseKind, Dialect> BY_KIND = load();

  private Dialects() {}

  public static Dialect of(DatabaseKind kind) {
    Dialect d = BY_KIND.get(kind);
    if (d == null) {
      throw new IllegalStateException("No dialect for " + kind + " on the class path");
    }
    return d;
  }

  /**
   * A source identifier's target spelling: as {@code catalog}'s dialect keeps or folds names
   * ({@link Dialect#targetName}), or folded unless {@code keepCase} when the catalog is unknown.
   */
  public static String targetName(SourceCatalog catalog, String identifier, boolean keepCase) {
    return catalog == null
        ? Identifiers.targetName(identifier, keepCase)
        : of(catalog.kind()).targetName(identifier, keepCase);
  }

  private static Map<DatabaseKind, Dialect> load() {
    Map<DatabaseKind, Dialect> out = new EnumMap<>(DatabaseKind.class);
    for (Dialect d : ServiceLoader.load(Dialect.class, Dialects.class.getClassLoader())) {
      out.put(d.kind(), d);
    }
    return Map.copyOf(out);
  }
}
