package dev.ferry.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.cast.NumericTime;
import dev.ferry.engine.cast.Transform;
import dev.ferry.engine.core.Waiver;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plan file's YAML form. */
class PlanFileTest {
  @Test
  void aPlanFileRoundTripsAndRefusesUnknownKeys() throws Exception {
    var plan =
        new MigrationPlan(
            1,
            List.of(new SourceRef("app", "jdbc:sqlite:/x/app.db", List.of())),
            new TargetRef("jdbc:postgresql://h/db?user=u", "public"),
            Settings.defaults(),
            List.of(
                new TablePlan(
                    "app",
                    null,
                    "Users",
                    "users",
                    true,
                    null,
                    List.of(
                        new ColumnPlan(
                            "Id",
                            "INTEGER",
                            "id",
                            "bigint",
                            Transform.INTEGER,
                            "sqlite.rowid-key",
                            false,
                            true,
                            null,
                            null,
                            "why"),
                        new ColumnPlan(
                            "At",
                            "DATETIME",
                            "at",
                            "timestamptz",
                            Transform.TIMESTAMPTZ,
                            "sqlite.datetime",
                            true,
                            false,
                            "CURRENT_TIMESTAMP",
                            NumericTime.EPOCH_MILLIS,
                            null)))),
            List.of(
                new Waiver(
                    "null-in-key", "app:Users(Id)", "ids are re-issued on the target", "dba")));
    String yaml = PlanFile.toYaml(plan);
    assertThat(PlanFile.fromYaml(yaml)).isEqualTo(plan);
    assertThat(PlanFile.toYaml(PlanFile.fromYaml(yaml))).isEqualTo(yaml);
    assertThatThrownBy(
            () -> PlanFile.fromYaml(yaml.replace("include: true", "include: true\n  colour: red")))
        .hasMessageContaining("colour");
  }
}
