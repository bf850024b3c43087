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
      interactive = true,
      paramLabel = "<password>",
      description =
          "Target password; without a value, asked for at the prompt (never echoed, never saved).")
  char[] targetPassword;

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
    return sources.stream().map(ConnectionSpec::parse).toList();
  }

  ConnectionSpec targetSpec() {
    if (target == null) {
      return null;
    }
    return ConnectionSpec.parse(target)
        .withPassword(targetPassword == null ? null : new String(targetPassword));
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
