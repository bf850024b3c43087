package dev.ferry.engine.dialect;

import dev.ferry.engine.catalog.Table;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of the data-risk checks that depend on how a source stores values: where a declared type
 * does not bound what a column holds, values that will be rejected; where the source keeps values
 * PostgreSQL has no equivalent of, values that will be converted. Each query returns one row of
 * counts; a method returns empty when the source cannot hold such values, and the check is skipped.
 */
public interface DataRiskQueries {
  /** For a source whose types bound its values: no check needed. */
  DataRiskQueries NONE = new DataRiskQueries() {};

  /** Counts the values of a column loaded as boolean that are not booleans. */
  default Optional<String> notBooleans(Table t, String column) {
    return Optional.empty();
  }

  /** Counts the text values of a date or time column that are not ISO-8601. */
  default Optional<String> notIsoDates(Table t, String column) {
    return Optional.empty();
  }

  /** Counts the zero dates ({@code 0000-00-00}) of a date or time column. */
  default Optional<String> zeroDates(Table t, String column) {
    return Optional.empty();
  }

  /** For each of the (non-empty) text columns in turn, how many values contain a NUL byte. */
  default Optional<String> nulBytes(Table t, List<String> columns) {
    return Optional.empty();
  }

  /** Whether text may hold bytes that are not UTF-8, so that a sample of it is worth reading. */
  default boolean textMayBeInvalidUtf8() {
    return false;
  }
}
