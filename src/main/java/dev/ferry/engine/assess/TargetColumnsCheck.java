package dev.ferry.engine.assess;

import dev.ferry.engine.schema.TargetPolicy;
import java.sql.SQLException;
import java.util.List;

/**
 * With {@code --if-exists append|truncate}, the existing target tables are loaded as they are: each
 * planned column must be there with a type that can read the planned values, and no NOT NULL column
 * without a default may be left empty. Anything else is a BLOCKER, so the run is refused before a
 * row moves instead of every row of the table being rejected.
 */
final class TargetColumnsCheck implements Check {
  static final String ID = "target-columns";

  @Override
  public boolean canBlock() {
    return true;
  }

  @Override
  public void run(AssessmentContext ctx, List<Finding> out) throws SQLException {
    if (ctx.target() == null) {
      return;
    }
    for (TargetPolicy.ColumnMisfit m : TargetPolicy.columnMisfits(ctx.target(), ctx.plan())) {
      out.add(
          new Finding(
              ID,
              Severity.BLOCKER,
              m.table(),
              "existing table "
                  + m.table()
                  + ", column "
                  + m.column()
                  + (m.plannedType() == null ? "" : " (planned " + m.plannedType())
                  + (m.existingType() == null
                      ? ")"
                      : (m.plannedType() == null ? " (" : ", ")
                          + "existing "
                          + m.existingType()
                          + ")")
                  + ": "
                  + m.problem()
                  + ".",
              remedy(m)));
    }
  }

  private static String remedy(TargetPolicy.ColumnMisfit m) {
    if (m.plannedType() == null) {
      return "Give the column a default or let it take NULL (ALTER TABLE … ALTER COLUMN …), or"
          + " load into another --target-schema.";
    }
    if (m.existingType() == null) {
      return "Add the column to the existing table (ALTER TABLE … ADD COLUMN), exclude it from the"
          + " plan, or load into another --target-schema.";
    }
    return "Set the column's type in the plan to "
        + m.existingType()
        + " if its values fit, alter the existing column, or load into another --target-schema.";
  }
}
