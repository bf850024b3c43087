package dev.ferry.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.cast.ColumnProfile;
import dev.ferry.engine.cast.NumericTime;
import org.junit.jupiter.api.Test;

/** The planner's choices that depend on the data. */
class PlannerTest {
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
}
