package dev.ferry.engine.change;

import java.util.List;

/**
 * What a {@code migrate} under change control applied: how many scripts Flyway ran, which were
 * pending (V-versions, or descriptions for repeatables), and the change id they were approved for.
 */
public record AppliedMigrations(int count, List<String> pending, String changeId) {}
