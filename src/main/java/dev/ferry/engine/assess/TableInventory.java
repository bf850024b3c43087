package dev.ferry.engine.assess;

import dev.ferry.engine.catalog.TableId;
import java.util.List;

/**
 * One source table as the assessment sees it: rows, size, columns, whether it has a primary key,
 * its target name and its foreign-key {@code level} (0 = references no other table; otherwise 1 +
 * the highest level it references), the tables it references ({@link TableId#label()} of each,
 * self-references left out) and whether it references itself.
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
    int level,
    List<String> references,
    boolean selfReferencing) {

  public TableInventory {
    references = references == null ? List.of() : List.copyOf(references);
  }

  /** The {@link TableId#label()} of this table, as {@link #references()} names others. */
  public String label() {
    return new TableId(source, schema, table).label();
  }
}
