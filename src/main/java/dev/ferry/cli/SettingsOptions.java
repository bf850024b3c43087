package dev.ferry.cli;

import dev.ferry.engine.plan.IfExists;
import dev.ferry.engine.plan.LoadOrder;
import dev.ferry.engine.plan.NameConflicts;
import dev.ferry.engine.plan.Settings;
import dev.ferry.engine.plan.SourceChange;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options that change a plan's settings; unset options keep the plan's (or the default) value. */
final class SettingsOptions {
  @Option(
      names = "--if-exists",
      paramLabel = "fail|truncate|append",
      description =
          "When target tables exist: fail (default, lists them), truncate (empty them, then load) or append.")
  String ifExists;

  @Option(
      names = "--jobs",
      paramLabel = "<n>",
      description = "Tables or chunks loaded at once (default: cores, 2..8).")
  Integer jobs;

  @Option(
      names = "--chunk-rows",
      paramLabel = "<n>",
      description =
          "Rows per key-range chunk of a large table: the unit of commit and resume (default 500000).")
  Long chunkRows;

  @Option(
      names = "--batch-rows",
      paramLabel = "<n>",
      description = "Rows per COPY batch (default 25000).")
  Integer batchRows;

  @Option(
      names = "--error-budget",
      paramLabel = "<n>",
      description = "Rejected rows tolerated before the run stops (default 1000).")
  Long errorBudget;

  @Option(
      names = "--load-order",
      paramLabel = "after-load|dependency",
      description =
          "after-load (default): keys, indexes and foreign keys after the data; dependency: tables loaded level by level in foreign-key order with constraints in place.")
  String loadOrder;

  @Option(
      names = "--keep-case",
      description = "Keep identifiers' case instead of folding them to lower case.")
  Boolean keepCase;

  @Option(
      names = "--clean-text",
      description =
          "Remove NUL bytes and replace invalid UTF-8 (counted in the report) instead of rejecting the row.")
  Boolean cleanText;

  @Option(
      names = "--enum-as-type",
      description = "MySQL enums become PostgreSQL enum types (default: text with a CHECK).")
  Boolean enumAsType;

  @Option(
      names = "--name-conflicts",
      paramLabel = "prefix|merge",
      description =
          "A table name several sources use: prefix (default) the later ones with their source's name, or merge tables with the same columns and types into one target table (the others are still prefixed).")
  String nameConflicts;

  @Option(
      names = "--no-grants",
      description =
          "PostgreSQL sources: do not carry privileges (GRANTs, default privileges); policies keep their roles.")
  boolean noGrants;

  @Option(
      names = "--role-map",
      paramLabel = "<source>=<target>",
      split = ",",
      description =
          "PostgreSQL sources: grant to (and name in policies) another role on the target, e.g. --role-map app_rw=app_writer.")
  Map<String, String> roleMap;

  @Option(
      names = "--on-source-change",
      paramLabel = "refuse|reload",
      description =
          "--resume when the source's rows changed in ranges already loaded: refuse (default; names the tables and chunks) or reload those tables from the start.")
  String onSourceChange;

  @Option(
      names = "--lock-timeout",
      paramLabel = "<seconds>",
      description =
          "How long a load waits for a lock on a target table before the chunk is rolled back and tried again (default: the server's lock_timeout when the role or database sets one, else 30; 0 = wait for ever).")
  Integer lockTimeout;

  @Option(
      names = "--stall-timeout",
      paramLabel = "<seconds>",
      description =
          "How long a load's target connection may neither take data nor answer before Ferry drops it and loads the chunk again (default 120).")
  Integer stallTimeout;

  @Option(names = "--no-validate", description = "Skip validation after the load.")
  boolean noValidate;

  @Option(
      names = "--strict",
      description =
          "Orphan rows the source holds too (pre-existing, kept with their foreign key NOT VALID) fail validation (exit 4) instead of being noted.")
  Boolean strict;

  Settings apply(Settings s) {
    Settings.Builder b = s.toBuilder();
    if (ifExists != null) {
      b.ifExists = IfExists.valueOf(ifExists.toUpperCase(Locale.ROOT));
    }
    if (jobs != null) {
      b.jobs = jobs;
    }
    if (lockTimeout != null) {
      b.lockTimeoutSeconds = lockTimeout;
    }
    if (stallTimeout != null) {
      b.stallSeconds = stallTimeout;
    }
    if (chunkRows != null) {
      b.chunkRows = chunkRows;
    }
    if (batchRows != null) {
      b.batchRows = batchRows;
    }
    if (errorBudget != null) {
      b.errorBudget = errorBudget;
    }
    if (loadOrder != null) {
      b.loadOrder =
          loadOrder.toLowerCase(Locale.ROOT).startsWith("dep")
              ? LoadOrder.DEPENDENCY_ORDER
              : LoadOrder.CONSTRAINTS_AFTER_LOAD;
    }
    if (keepCase != null) {
      b.keepCase = keepCase;
    }
    if (cleanText != null) {
      b.cleanText = cleanText;
    }
    if (enumAsType != null) {
      b.enumAsType = enumAsType;
    }
    if (nameConflicts != null) {
      try {
        b.nameConflicts = NameConflicts.valueOf(nameConflicts.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--name-conflicts must be prefix or merge, not '" + nameConflicts + "'");
      }
    }
    if (onSourceChange != null) {
      try {
        b.onSourceChange = SourceChange.valueOf(onSourceChange.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--on-source-change must be refuse or reload, not '" + onSourceChange + "'");
      }
    }
    if (noGrants) {
      b.grants = false;
    }
    if (roleMap != null) {
      Map<String, String> roles = new LinkedHashMap<>(b.roleMap);
      roles.putAll(roleMap);
      b.roleMap = roles;
    }
    if (noValidate) {
      b.validate = false;
    }
    if (strict != null) {
      b.strictOrphans = strict;
    }
    return b.build();
  }
}
