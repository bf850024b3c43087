package dev.ferry.engine.change;

/**
 * One migration as Flyway sees it: version (null for repeatables), description, script, state
 * (PENDING, SUCCESS, FAILED, OUT_OF_ORDER, …), when it was installed and by whom.
 */
public record MigrationRow(
    String version,
    String description,
    String script,
    String type,
    String state,
    String installedOn,
    String installedBy,
    Integer checksum) {}
