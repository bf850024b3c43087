package dev.ferry.engine.change;

import dev.ferry.engine.connect.ConnectionSpec;
import java.nio.file.Path;

/**
 * How a schema-change project is set up, once: the PostgreSQL to change, the folder of Flyway
 * migrations (none for a target that is only backed up or restored), the schema changed and holding
 * Flyway's history, the limits of every session, and the workspace whose journal, backups and
 * baselines it uses. Each setter returns a new configuration; {@link #load()} checks it and gives
 * the project.
 *
 * @param lockTimeout how long a statement may wait for a lock before it gives up, as PostgreSQL
 *     writes an interval ({@code 5s}); null leaves the server's setting
 * @param statementTimeout how long a statement may run ({@code 10min}); null: the server's
 */
public record ChangeConfiguration(
    ConnectionSpec target,
    Path migrations,
    String schema,
    String lockTimeout,
    String statementTimeout,
    Path workspace) {

  public ChangeConfiguration {
    schema = schema == null ? "public" : schema;
  }

  public ChangeConfiguration target(ConnectionSpec target) {
    return new ChangeConfiguration(
        target, migrations, schema, lockTimeout, statementTimeout, workspace);
  }

  public ChangeConfiguration migrations(Path folder) {
    return new ChangeConfiguration(
        target, folder, schema, lockTimeout, statementTimeout, workspace);
  }

  public ChangeConfiguration schema(String schema) {
    return new ChangeConfiguration(
        target, migrations, schema, lockTimeout, statementTimeout, workspace);
  }

  public ChangeConfiguration timeouts(String lockTimeout, String statementTimeout) {
    return new ChangeConfiguration(
        target, migrations, schema, lockTimeout, statementTimeout, workspace);
  }

  public ChangeConfiguration workspace(Path workspace) {
    return new ChangeConfiguration(
        target, migrations, schema, lockTimeout, statementTimeout, workspace);
  }

  /**
   * The project; fails with the DBA's message when the folder is not there or a timeout is not an
   * interval.
   */
  public ChangeProject load() {
    return new ChangeProject(this);
  }
}
