package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.cast.ColumnPlan;
import dev.ferry.engine.cast.ColumnProfile;
import dev.ferry.engine.cast.NumericTime;
import dev.ferry.engine.cast.Transform;
import dev.ferry.engine.catalog.ForeignKey;
import dev.ferry.engine.catalog.ForeignKeyLevels;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.catalog.TableId;
import dev.ferry.engine.core.Waiver;
import dev.ferry.engine.plan.MigrationPlan;
import dev.ferry.engine.plan.PlanFile;
import dev.ferry.engine.plan.Planner;
import dev.ferry.engine.plan.Settings;
import dev.ferry.engine.plan.SourceRef;
import dev.ferry.engine.plan.TablePlan;
import dev.ferry.engine.plan.TargetRef;
import dev.ferry.engine.rows.BadValueException;
import dev.ferry.engine.rows.CopyBatch;
import dev.ferry.engine.rows.TimeValues;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Small pieces with sharp edges: time parsing and formatting, COPY escaping, FK levels, plan files.
 */
class UnitsTest {
  @Test
  void isoTextEpochsAndJulianDaysBecomePostgresTimestamps() {
    assertThat(
            TimeValues.formatTimestamptz(
                TimeValues.parseIso("2024-03-01T10:20:30.1234567+02:00").epochMicrosUtc()))
        .isEqualTo("2024-03-01 08:20:30.123457+00");
    assertThat(
            TimeValues.formatTimestamptz(TimeValues.parseIso("2024-03-01 10:20").epochMicrosUtc()))
        .isEqualTo("2024-03-01 10:20:00+00");
    assertThat(
            TimeValues.formatTimestamptz(TimeValues.parseIso("2024-3-1 1:02:03").epochMicrosUtc()))
        .isEqualTo("2024-03-01 01:02:03+00");
    assertThat(TimeValues.parseIso("2024-02-30")).isNull();
    assertThat(TimeValues.parseIso("01/02/2024")).isNull();
    assertThat(
            TimeValues.formatTimestamptz(
                TimeValues.epochMicrosFromNumber(1_709_288_430L, NumericTime.EPOCH_SECONDS)))
        .isEqualTo("2024-03-01 10:20:30+00");
    assertThat(
            TimeValues.formatTimestamptz(
                TimeValues.epochMicrosFromNumber(1_709_288_430_123L, NumericTime.EPOCH_MILLIS)))
        .isEqualTo("2024-03-01 10:20:30.123+00");
    assertThat(
            TimeValues.formatTimestamptz(
                TimeValues.epochMicrosFromNumber(2460370.5, NumericTime.JULIAN_DAY)))
        .isEqualTo("2024-03-01 00:00:00+00");
    assertThat(TimeValues.formatTimestamp(-1)).isEqualTo("1969-12-31 23:59:59.999999");
    assertThat(TimeValues.formatTimestamp(TimeValues.parseIso("0001-01-01").epochMicrosUtc()))
        .isEqualTo("0001-01-01 00:00:00");
    assertThatThrownBy(
            () ->
                TimeValues.formatTimestamp(
                    TimeValues.epochMicrosFromNumber(3e11, NumericTime.EPOCH_SECONDS)))
        .hasMessageContaining("outside 1..9999");
  }

  @Test
  void epochUnitsAreDetectedPerColumnFromTheRange() {
    assertThat(
            Planner.detectNumericTime(
                new ColumnProfile(
                    10, 0, 10, 0, 0, 0, 1_600_000_000L, 1_700_000_000L, null, null, 0)))
        .isEqualTo(NumericTime.EPOCH_SECONDS);
    assertThat(
            Planner.detectNumericTime(
                new ColumnProfile(
                    10, 0, 10, 0, 0, 0, 1_600_000_000_000L, 1_700_000_000_000L, null, null, 0)))
        .isEqualTo(NumericTime.EPOCH_MILLIS);
    assertThat(
            Planner.detectNumericTime(
                new ColumnProfile(
                    10, 0, 2, 8, 0, 0, 2460371L, 2460372L, 2460370.25, 2460371.75, 0)))
        .isEqualTo(NumericTime.JULIAN_DAY);
  }

  @Test
  void copyTextIsEscapedAndBadTextIsRefusedWithTheReason() throws Exception {
    CopyBatch b = new CopyBatch(16, false);
    b.beginRow();
    b.writeText("a\tb\\c\nd\re", "x");
    b.writeNull();
    b.writeBytea(new byte[] {0, (byte) 0xff});
    b.endRow();
    assertThat(new String(b.buffer(), 0, b.bytes(), StandardCharsets.UTF_8))
        .isEqualTo("a\\tb\\\\c\\nd\\re\t\\N\t\\\\x00ff\n");
    b.beginRow();
    assertThatThrownBy(() -> b.writeText(new byte[] {'a', 0}, "col"))
        .isInstanceOf(BadValueException.class)
        .hasMessageContaining("NUL byte");
    assertThatThrownBy(() -> b.writeText(new byte[] {(byte) 0xC0, (byte) 0x80}, "col"))
        .hasMessageContaining("invalid UTF-8");
    assertThatThrownBy(() -> b.writeText(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "col"))
        .hasMessageContaining("invalid UTF-8");
    b.abortRow();
    assertThat(b.rows()).isEqualTo(1);
    CopyBatch clean = new CopyBatch(16, true);
    clean.beginRow();
    clean.writeText(new byte[] {'a', 0, (byte) 0xff, 'b'}, "col");
    clean.endRow();
    assertThat(new String(clean.buffer(), 0, clean.bytes(), StandardCharsets.UTF_8))
        .isEqualTo("a\uFFFDb\n");
    assertThat(clean.cleanedValues()).isEqualTo(1);
  }

  @Test
  void foreignKeyLevelsCyclesAndSelfReferences() {
    Table a = table("a");
    Table b = table("b", "a");
    Table c = table("c", "b", "c");
    Table x = table("x", "y");
    Table y = table("y", "x", "a");
    ForeignKeyLevels l = new ForeignKeyLevels(List.of(a, b, c, x, y));
    assertThat(l.level(a.id())).isZero();
    assertThat(l.level(b.id())).isEqualTo(1);
    assertThat(l.level(c.id())).isEqualTo(2);
    assertThat(l.level(x.id())).isEqualTo(1);
    assertThat(l.level(y.id())).isEqualTo(1);
    assertThat(l.cycles()).hasSize(1);
    assertThat(l.cycles().get(0)).containsExactlyInAnyOrder(x.id(), y.id());
    assertThat(l.selfReferencing()).containsExactly(c.id());
    assertThat(l.inSameCycle(x.id(), y.id())).isTrue();
  }

  private static Table table(String name, String... refs) {
    List<ForeignKey> fks =
        Arrays.stream(refs)
            .map(
                r ->
                    new ForeignKey(
                        null,
                        List.of(r + "_id"),
                        new TableId("s", null, r),
                        List.of("id"),
                        "NO ACTION",
                        "NO ACTION",
                        false))
            .toList();
    return new Table(
        new TableId("s", null, name),
        List.of(),
        null,
        List.of(),
        List.of(),
        fks,
        List.of(),
        0,
        0,
        0,
        null);
  }

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
