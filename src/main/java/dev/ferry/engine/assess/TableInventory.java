package dev.ferry.engine.assess;

/**
 * One source table as the assessment sees it: rows, size, columns, whether it has a primary key,
 * its target name and its foreign-key {@code level} (0 = references no other table; otherwise 1 +
 * the highest level it references).
 */
public record TableInventory(
    String source,
    String schema,
    String table,
    String target,
    long rows,
    long sizeBytes,
    int columns,
    boolean primaryKey,
    int level) {}
