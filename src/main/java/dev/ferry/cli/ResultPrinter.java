package dev.ferry.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.engine.core.KeyDifference;
import dev.ferry.engine.core.MigrationResult;
import dev.ferry.engine.core.PrivateFiles;
import dev.ferry.engine.core.RunStatus;
import dev.ferry.engine.core.TableResult;
import dev.ferry.engine.core.TableValidation;
import dev.ferry.engine.core.ValidationReport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/** Per-table summaries and exit codes for migrate and validate. */
final class ResultPrinter {
  /** Results, assessments and the like as JSON, with times as ISO-8601 text. */
  static final ObjectMapper JSON =
      new ObjectMapper()
          .findAndRegisterModules()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private ResultPrinter() {}

  static void printLoad(MigrationResult r, PrintStream out) {
    out.println();
    out.printf(
        "%-44s %-32s %12s %12s %9s %12s %8s%n",
        "source table", "target", "read", "loaded", "rejected", "bytes", "seconds");
    for (TableResult t : r.tables()) {
      out.printf(
          "%-44s %-32s %,12d %,12d %,9d %,12d %8.1f%n",
          clip(t.source(), 44),
          clip(t.target(), 32),
          t.rowsRead(),
          t.rowsLoaded(),
          t.rowsRejected(),
          t.bytes(),
          t.seconds());
    }
    out.printf(
        "%-77s %,12d %,12d %,9d%n",
        "total",
        r.tables().stream().mapToLong(TableResult::rowsRead).sum(),
        r.rowsLoaded(),
        r.rowsRejected());
    r.phaseSeconds().forEach((phase, secs) -> out.printf("  %-12s %8.1f s%n", phase, secs));
    if (r.zeroDatesNulled() > 0) {
      out.printf("  %,d MySQL zero dates (0000-00-00) were loaded as NULL%n", r.zeroDatesNulled());
    }
    if (r.valuesCleaned() > 0) {
      out.printf(
          "  %,d text values had NUL bytes or invalid UTF-8 cleaned (--clean-text)%n",
          r.valuesCleaned());
    }
    if (r.rejectsDirectory() != null) {
      out.printf("  %,d rows rejected: see %s%n", r.rowsRejected(), r.rejectsDirectory());
    }
    if (r.validation() != null) {
      printValidation(r.validation(), out);
    }
    out.println();
    out.println(
        "run " + r.runId() + ": " + r.status() + (r.message() == null ? "" : " — " + r.message()));
  }

  static void printValidation(ValidationReport v, PrintStream out) {
    out.println();
    out.printf(
        "%-32s %-20s %12s %12s %9s  %-16s %s%n",
        "target", "status", "source rows", "target rows", "orphans", "checksum", "seconds");
    for (TableValidation t : v.tables()) {
      long orphans = t.orphans().values().stream().mapToLong(Long::longValue).sum();
      out.printf(
          "%-32s %-20s %,12d %,12d %,9d  %-16s %.1f%n",
          clip(t.target(), 32),
          t.status(),
          t.sourceRows(),
          t.targetRows(),
          orphans,
          t.targetChecksum(),
          t.seconds());
      for (String p : t.problems()) {
        out.println("    ! " + p);
      }
      for (String n : t.notes()) {
        out.println("    · " + n);
      }
      for (KeyDifference d : t.differences()) {
        out.println("    " + d.kind() + " key " + d.key());
        if (d.source() != null) {
          out.println("      source: " + d.source());
        }
        if (d.target() != null) {
          out.println("      target: " + d.target());
        }
      }
    }
    if (!v.schema().isEmpty() || !v.schemaNotes().isEmpty()) {
      out.println("schema section (planned objects read back from the target):");
      v.schema().forEach(p -> out.println("    ! " + p));
      v.schemaNotes().forEach(n -> out.println("    · " + n));
    }
    out.printf("validation: %s (%.1f s)%n", v.summary(), v.seconds());
  }

  static int exitCode(MigrationResult r) {
    return switch (r.status()) {
      case SUCCEEDED -> ExitCodes.OK;
      case SUCCEEDED_WITH_REJECTS -> ExitCodes.REJECTED_ROWS;
      case VALIDATION_FAILED -> ExitCodes.VALIDATION_MISMATCH;
      case OBJECTS_FAILED -> ExitCodes.OBJECTS_FAILED;
      case INTERRUPTED -> ExitCodes.INTERRUPTED;
      case FAILED, RUNNING -> ExitCodes.FAILURE;
    };
  }

  static void writeJson(Object value, Path file) throws IOException {
    try (OutputStream out = PrivateFiles.newOutputStream(file)) {
      JSON.writeValue(out, value);
    }
  }

  static String clip(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }

  static boolean failed(RunStatus s) {
    return s == RunStatus.FAILED || s == RunStatus.INTERRUPTED;
  }
}
