package dev.ferry.engine.plan;

import java.util.Map;

/**
 * How a migration runs. Every field has a documented default (see {@link #defaults()}) and is
 * written to the plan file so a run is reproducible.
 *
 * @param ifExists what to do when target tables exist
 * @param jobs tables or chunks loaded at once
 * @param batchRows rows per COPY batch (the unit a failing batch is split from)
 * @param batchBytes bytes per COPY batch
 * @param chunkRows rows per key-range chunk of a large table (the unit of commit and resume)
 * @param errorBudget rejected rows tolerated before the run stops; 0 = none
 * @param loadOrder constraints after the data, or tables in foreign-key order
 * @param keepCase keep identifiers' case instead of folding them to lower case
 * @param cleanText strip NUL bytes and replace invalid UTF-8 instead of rejecting the row
 * @param enumAsType MySQL enums become PostgreSQL enum types instead of text with a CHECK
 * @param validate validate after the load
 * @param nameConflicts what the default plan does with a table name several sources use
 * @param grants whether a PostgreSQL source's privileges (GRANTs, default privileges, policies'
 *     roles) are carried to the target
 * @param roleMap source role → target role, for privileges and policies (a role not named keeps its
 *     name)
 * @param onSourceChange what a resume does with a table whose source changed in ranges already
 *     loaded: refuse (default) or reload the table
 * @param strictOrphans validation fails a table whose orphan rows were orphans in the source too
 *     (pre-existing), instead of noting them; orphans the migration introduced always fail it
 * @param lockTimeoutSeconds how long a load session waits for a lock on a target table before the
 *     chunk fails (and is retried); null: the server's lock_timeout when the role or database sets
 *     one, else {@link #DEFAULT_LOCK_TIMEOUT_SECONDS}
 * @param stallSeconds how long a load session may go without the target taking data or answering
 *     before Ferry drops the connection and loads the chunk again; null: {@link
 *     #DEFAULT_STALL_SECONDS}
 */
public record Settings(
    IfExists ifExists,
    int jobs,
    int batchRows,
    long batchBytes,
    long chunkRows,
    long errorBudget,
    LoadOrder loadOrder,
    boolean keepCase,
    boolean cleanText,
    boolean enumAsType,
    boolean validate,
    NameConflicts nameConflicts,
    Boolean grants,
    Map<String, String> roleMap,
    boolean strictOrphans,
    SourceChange onSourceChange,
    Integer lockTimeoutSeconds,
    Integer stallSeconds) {

  /** A load session's wait for a lock when neither the plan nor the server sets one. */
  public static final int DEFAULT_LOCK_TIMEOUT_SECONDS = 30;

  /** How long a load session may be silent before its connection is taken for lost. */
  public static final int DEFAULT_STALL_SECONDS = 120;

  public Settings {
    // plan files written before these settings existed read as the old behaviour
    nameConflicts = nameConflicts == null ? NameConflicts.PREFIX : nameConflicts;
    grants = grants == null || grants;
    roleMap = roleMap == null ? Map.of() : Map.copyOf(roleMap);
    onSourceChange = onSourceChange == null ? SourceChange.REFUSE : onSourceChange;
    stallSeconds = stallSeconds == null ? DEFAULT_STALL_SECONDS : stallSeconds;
  }

  /** The target's name for a source role. */
  public String targetRole(String sourceRole) {
    return roleMap.getOrDefault(sourceRole, sourceRole);
  }

  public static Settings defaults() {
    int cores = Runtime.getRuntime().availableProcessors();
    return new Settings(
        IfExists.FAIL,
        Math.max(2, Math.min(cores, 8)),
        25_000,
        16L * 1024 * 1024,
        500_000,
        1_000,
        LoadOrder.CONSTRAINTS_AFTER_LOAD,
        false,
        false,
        false,
        true,
        NameConflicts.PREFIX,
        true,
        Map.of(),
        false,
        SourceChange.REFUSE,
        null,
        DEFAULT_STALL_SECONDS);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes a few settings of an existing value. */
  public static final class Builder {
    public IfExists ifExists;
    public int jobs;
    public int batchRows;
    public long batchBytes;
    public long chunkRows;
    public long errorBudget;
    public LoadOrder loadOrder;
    public boolean keepCase;
    public boolean cleanText;
    public boolean enumAsType;
    public boolean validate;
    public NameConflicts nameConflicts;
    public boolean grants;
    public Map<String, String> roleMap;
    public boolean strictOrphans;
    public SourceChange onSourceChange;
    public Integer lockTimeoutSeconds;
    public int stallSeconds;

    private Builder(Settings s) {
      ifExists = s.ifExists;
      jobs = s.jobs;
      batchRows = s.batchRows;
      batchBytes = s.batchBytes;
      chunkRows = s.chunkRows;
      errorBudget = s.errorBudget;
      loadOrder = s.loadOrder;
      keepCase = s.keepCase;
      cleanText = s.cleanText;
      enumAsType = s.enumAsType;
      validate = s.validate;
      nameConflicts = s.nameConflicts;
      grants = s.grants;
      roleMap = s.roleMap;
      strictOrphans = s.strictOrphans;
      onSourceChange = s.onSourceChange;
      lockTimeoutSeconds = s.lockTimeoutSeconds;
      stallSeconds = s.stallSeconds;
    }

    public Settings build() {
      if (jobs < 1 || batchRows < 1 || chunkRows < 1 || errorBudget < 0) {
        throw new IllegalArgumentException(
            "jobs, batchRows and chunkRows must be positive and errorBudget not negative");
      }
      if ((lockTimeoutSeconds != null && lockTimeoutSeconds < 0) || stallSeconds < 1) {
        throw new IllegalArgumentException(
            "the lock timeout must not be negative and the stall timeout must be positive");
      }
      return new Settings(
          ifExists,
          jobs,
          batchRows,
          batchBytes,
          chunkRows,
          errorBudget,
          loadOrder,
          keepCase,
          cleanText,
          enumAsType,
          validate,
          nameConflicts,
          grants,
          roleMap,
          strictOrphans,
          onSourceChange,
          lockTimeoutSeconds,
          stallSeconds);
    }
  }
}
