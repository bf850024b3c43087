package dev.ferry.cli;

import dev.ferry.engine.Ferry;
import dev.ferry.engine.connect.ConnectionSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Source and target options shared by the commands that connect. */
final class ConnectionOptions {
  @Option(
      names = "--source",
      paramLabel = "<url>",
      description =
          "Source database, repeatable: jdbc:sqlite:/path/file.db, jdbc:postgresql://host:port/db?user=…,"
              + " jdbc:mariadb://host:port/db?user=…, jdbc:mysql://…, or libpq 'host=… dbname=…'.")
  List<String> sources = new ArrayList<>();

  @Option(
      names = "--target",
      paramLabel = "<url>",
      description =
          "Target PostgreSQL: jdbc:postgresql://host:port/db?user=…&sslmode=…, or libpq 'host=… dbname=… user=…'."
              + " Missing fields come from PGHOST/PGPORT/PGUSER/PGDATABASE/PGPASSWORD; the password from ~/.pgpass.")
  String target;

  @Option(
      names = "--target-password",
      arity = "0..1",
      fallbackValue = PasswordInput.ASK,
      paramLabel = "<password>",
      description =
          "Target password: alone, asked for at the prompt (never echoed); '-' reads a line from"
              + " standard input. Never saved. Inline it shows in the process list (warned).")
  String targetPassword;

  @Option(
      names = "--source-password",
      arity = "0..1",
      fallbackValue = PasswordInput.ASK,
      paramLabel = "<password>",
      description =
          "Password of the PostgreSQL or MySQL --source: as --target-password. Otherwise from"
              + " PGPASSWORD/~/.pgpass, or MYSQL_PWD/~/.my.cnf [client].")
  String sourcePassword;

  /** The passwords once read: a prompt or standard input is read once, however often asked. */
  private String[] typed;

  @Option(
      names = "--source-schema",
      paramLabel = "<name>",
      description = "PostgreSQL source schema to read, repeatable (default: public).")
  List<String> sourceSchemas = new ArrayList<>();

  @Option(
      names = "--target-schema",
      paramLabel = "<name>",
      description = "Target schema to load into (default: public).")
  String targetSchema;

  @Option(
      names = "--workspace",
      paramLabel = "<dir>",
      description =
          "Ferry's workspace: run journal, reject files, results (default: $FERRY_HOME or ~/.ferry).")
  Path workspace;

  List<ConnectionSpec> sourceSpecs() {
    String pw = passwords()[1];
    return sources.stream()
        .map(ConnectionSpec::parse)
        .map(s -> s.takesPassword() ? s.withPassword(pw) : s)
        .toList();
  }

  ConnectionSpec targetSpec() {
    if (target == null) {
      return null;
    }
    return ConnectionSpec.parse(target).withPassword(passwords()[0]);
  }

  /** The --source-password given (asked once), or null. */
  String sourcePasswordGiven() {
    return passwords()[1];
  }

  /** The --target-password given (asked once), or null. */
  String targetPasswordGiven() {
    return passwords()[0];
  }

  private String[] passwords() {
    if (typed == null) {
      typed =
          new String[] {
            PasswordInput.read(targetPassword, "--target-password", "PGPASSWORD or ~/.pgpass"),
            PasswordInput.read(
                sourcePassword,
                "--source-password",
                "PGPASSWORD, ~/.pgpass, MYSQL_PWD or ~/.my.cnf")
          };
    }
    return typed;
  }

  Ferry.Builder builder() {
    Ferry.Builder b =
        Ferry.configure()
            .workspace(workspace)
            .targetSchema(targetSchema)
            .sourceSchemas(sourceSchemas);
    sourceSpecs().forEach(b::source);
    ConnectionSpec t = targetSpec();
    if (t != null) {
      b.target(t);
    }
    return b;
  }
}
