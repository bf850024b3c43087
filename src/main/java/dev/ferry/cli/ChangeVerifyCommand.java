package dev.ferry.cli;

import dev.ferry.engine.change.Verification;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry change verify}: exit code 4 when a check, audit or internal view fails. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Run the folder's verify/*.sql (each passes when it returns no rows) and the"
            + " row-level-security audit with an isolation probe of every multi-tenant table.")
final class ChangeVerifyCommand implements Callable<Integer> {
  @ParentCommand ChangeCommand change;
  @Spec CommandSpec spec;

  @Option(
      names = "--tenant-column",
      description =
          "The column that marks a multi-tenant table (default: tenant.column in"
              + " ferry-change.yaml, else tenant_id).")
  String tenantColumn;

  @Option(
      names = "--tenant-setting",
      description =
          "The setting the policies read (default: tenant.setting in ferry-change.yaml, else"
              + " app.current_tenant_id).")
  String tenantSetting;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Verification v = change.options().project(spec).verify(tenantColumn, tenantSetting);
    ChangePrinter.of(json).verification(v);
    return v.ok() ? ExitCodes.OK : ExitCodes.VALIDATION_MISMATCH;
  }
}
