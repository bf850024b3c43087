package dev.ferry.engine.dialect;

import dev.ferry.engine.connect.DatabaseKind;
import dev.ferry.engine.dialect.mysql.MysqlDialect;
import dev.ferry.engine.dialect.postgres.PostgresDialect;
import dev.ferry.engine.dialect.sqlite.SqliteDialect;

/** Finds the {@link Dialect} of a database kind. */
public final class Dialects {
  private Dialects() {}

  public static Dialect of(DatabaseKind kind) {
    return switch (kind) {
      case SQLITE -> new SqliteDialect();
      case POSTGRESQL -> new PostgresDialect();
      case MYSQL -> new MysqlDialect();
    };
  }
}
