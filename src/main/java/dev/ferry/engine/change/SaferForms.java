package dev.ferry.engine.change;

import dev.ferry.engine.core.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The safer way to write a flagged statement, as SQL to paste or as Flyway migration files: an
 * index built {@code CONCURRENTLY} in a script of its own that Flyway runs outside a transaction
 * ({@code executeInTransaction=false} in its {@code .conf}); a constraint added {@code NOT VALID}
 * and validated afterwards (validation takes no write lock); {@code SET NOT NULL} through a
 * validated check constraint (PostgreSQL ≥ 12 then skips the scan). Each transactional script sets
 * a short {@code lock_timeout}, so a busy table makes it fail fast instead of queueing everyone.
 */
final class SaferForms {
  private static final String NAME = "(\"(?:[^\"]|\"\")+\"|[A-Za-z_][\\w$]*)";
  private static final String QUALIFIED = "(" + NAME + "(?:\\." + NAME + ")?)";
  private static final Pattern CREATE_INDEX =
      Pattern.compile(
          "(?is)^\\s*CREATE\\s+(UNIQUE\\s+)?INDEX\\s+(?!CONCURRENTLY\\b)(IF\\s+NOT\\s+EXISTS\\s+)?"
              + NAME
              + "\\s+ON\\s+(.*)$");
  private static final Pattern ADD_CONSTRAINT =
      Pattern.compile(
          "(?is)^\\s*ALTER\\s+TABLE\\s+(?:ONLY\\s+)?"
              + QUALIFIED
              + "\\s+ADD\\s+CONSTRAINT\\s+"
              + NAME
              + "\\s+((?:FOREIGN\\s+KEY|CHECK)\\b.*)$");
  private static final Pattern SET_NOT_NULL =
      Pattern.compile(
          "(?is)^\\s*ALTER\\s+TABLE\\s+(?:ONLY\\s+)?"
              + QUALIFIED
              + "\\s+ALTER\\s+(?:COLUMN\\s+)?"
              + NAME
              + "\\s+SET\\s+NOT\\s+NULL\\s*$");
  static final String LOCK_TIMEOUT = "SET lock_timeout = '2s';\n";

  /** One script of the safer form: its SQL and whether Flyway must run it in a transaction. */
  record Script(String sql, boolean inTransaction) {}

  /** The safer form of a statement, one or more scripts in order. */
  record Form(String what, List<Script> scripts) {}

  private SaferForms() {}

  static Optional<Form> of(String statement) {
    String s = statement.strip().replaceFirst(";\\s*$", "");
    Matcher m;
    if ((m = CREATE_INDEX.matcher(s)).find()) {
      String name = m.group(3);
      String sql =
          "-- a failed CONCURRENTLY build leaves an invalid index behind: drop it before retrying\n"
              + "DROP INDEX CONCURRENTLY IF EXISTS "
              + name
              + ";\n"
              + "CREATE "
              + (m.group(1) == null ? "" : "UNIQUE ")
              + "INDEX CONCURRENTLY "
              + name
              + " ON "
              + m.group(4).strip()
              + ";\n";
      return Optional.of(
          new Form(
              "build the index without blocking writes (a script of its own, outside a transaction)",
              List.of(new Script(sql, false))));
    }
    if ((m = ADD_CONSTRAINT.matcher(s)).find()
        && !s.toUpperCase(Locale.ROOT).matches("(?s).*\\bNOT\\s+VALID\\s*$")) {
      String table = m.group(1);
      String name = m.group(4);
      String add =
          LOCK_TIMEOUT
              + "ALTER TABLE "
              + table
              + " ADD CONSTRAINT "
              + name
              + " "
              + m.group(5).strip()
              + " NOT VALID;\n";
      String validate =
          "-- checks the rows without blocking writes (SHARE UPDATE EXCLUSIVE)\n"
              + "ALTER TABLE "
              + table
              + " VALIDATE CONSTRAINT "
              + name
              + ";\n";
      return Optional.of(
          new Form(
              "add the constraint NOT VALID (instant), then validate it without a write lock",
              List.of(new Script(add, true), new Script(validate, true))));
    }
    if ((m = SET_NOT_NULL.matcher(s)).find()) {
      String table = m.group(1);
      String column = m.group(4);
      String check = "\"" + (column.replace("\"", "") + "_not_null").replace("\"", "\"\"") + "\"";
      String add =
          LOCK_TIMEOUT
              + "ALTER TABLE "
              + table
              + " ADD CONSTRAINT "
              + check
              + " CHECK ("
              + column
              + " IS NOT NULL) NOT VALID;\n";
      String validate = "ALTER TABLE " + table + " VALIDATE CONSTRAINT " + check + ";\n";
      String set =
          LOCK_TIMEOUT
              + "-- the validated check proves it: PostgreSQL sets NOT NULL without scanning\n"
              + "ALTER TABLE "
              + table
              + " ALTER COLUMN "
              + column
              + " SET NOT NULL;\n"
              + "ALTER TABLE "
              + table
              + " DROP CONSTRAINT "
              + check
              + ";\n";
      return Optional.of(
          new Form(
              "prove NOT NULL with a validated check constraint first, then set it without a scan",
              List.of(new Script(add, true), new Script(validate, true), new Script(set, true))));
    }
    return Optional.empty();
  }

  /**
   * Writes the safer forms of the flagged statements (MEDIUM or worse) into {@code dir} as Flyway
   * migrations numbered after their script's version ({@code V3_1_1__safer.sql}: version 3.1.1),
   * with a {@code .conf} beside a script that must run outside a transaction. Returns the files.
   */
  static List<Path> write(List<StatementRisk> risks, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    int k = 0;
    String lastVersion = null;
    for (StatementRisk r : risks) {
      if (!r.version().equals(lastVersion)) {
        lastVersion = r.version();
        k = 0;
      }
      k++;
      if (r.impact().compareTo(StatementRisk.Impact.MEDIUM) < 0) {
        continue;
      }
      if (r.statement().endsWith("…")) {
        continue; // shown shortened: not the whole statement to rewrite
      }
      Optional<Form> form = of(r.statement());
      if (form.isEmpty()) {
        continue;
      }
      List<Script> scripts = form.get().scripts();
      for (int i = 0; i < scripts.size(); i++) {
        String version = r.version().replace('.', '_') + "_" + k + "_" + (i + 1);
        Path file = dir.resolve("V" + version + "__safer.sql");
        String header =
            "-- safer form of statement "
                + k
                + " of "
                + r.script()
                + " (replace that statement with these scripts): "
                + form.get().what()
                + "\n-- was: "
                + r.statement().replace("\n", " ")
                + "\n";
        PrivateFiles.writeString(file, header + scripts.get(i).sql());
        out.add(file);
        if (!scripts.get(i).inTransaction()) {
          Path conf = dir.resolve(file.getFileName() + ".conf");
          PrivateFiles.writeString(conf, "executeInTransaction=false\n");
          out.add(conf);
        }
      }
    }
    return out;
  }
}
