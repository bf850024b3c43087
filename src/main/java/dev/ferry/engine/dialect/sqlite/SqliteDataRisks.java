package dev.ferry.engine.dialect.sqlite;

import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.dialect.DataRiskQueries;
import java.util.List;
import java.util.Optional;

/**
 * SQLite stores any value in any column (a storage class per value, not per column) and any bytes
 * as text: booleans, dates and text are checked in the data itself.
 */
final class SqliteDataRisks implements DataRiskQueries {
  private final SqliteDialect dialect;

  SqliteDataRisks(SqliteDialect dialect) {
    this.dialect = dialect;
  }

  @Override
  public Optional<String> notBooleans(Table t, String column) {
    String q = dialect.quote(column);
    return Optional.of(
        "SELECT count(*) FROM "
            + dialect.qualifiedName(t)
            + " WHERE "
            + q
            + " IS NOT NULL AND lower(trim("
            + q
            + ")) NOT IN ('0','1','t','f','true','false','yes','no',"
            + "'y','n','on','off')");
  }

  @Override
  public Optional<String> notIsoDates(Table t, String column) {
    String q = dialect.quote(column);
    return Optional.of(
        "SELECT count(*) FROM "
            + dialect.qualifiedName(t)
            + " WHERE typeof("
            + q
            + ") = 'text' AND "
            + q
            + " NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9]*'");
  }

  @Override
  public Optional<String> nulBytes(Table t, List<String> columns) {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < columns.size(); i++) {
      sql.append(i == 0 ? "" : ", ")
          .append("sum(instr(")
          .append(dialect.quote(columns.get(i)))
          .append(", char(0)) > 0)");
    }
    sql.append(" FROM ").append(dialect.qualifiedName(t));
    return Optional.of(sql.toString());
  }

  @Override
  public boolean textMayBeInvalidUtf8() {
    return true;
  }
}
