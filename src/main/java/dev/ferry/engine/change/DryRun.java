package dev.ferry.engine.change;

import java.util.List;

/**
 * What the pending migrations would do, found by running them in one transaction that is rolled
 * back: per script the statements run and the notes (statements that cannot run in a transaction,
 * and how the dry run treated them), the first error if one failed, and the catalog changes.
 *
 * @param limits the lock and statement timeouts the dry run's session ran with, and whether they
 *     were the DBA's or Ferry's defaults (a dry run takes real locks on the target)
 */
public record DryRun(
    List<String> limits, List<Script> scripts, List<CatalogSnapshot.Change> changes, boolean ok) {

  public record Script(
      String version, String script, int statements, List<String> notes, String error) {}
}
