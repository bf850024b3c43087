package dev.ferry.engine.rows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.cast.NumericTime;
import org.junit.jupiter.api.Test;

/** Time parsing and formatting: ISO text, epochs and Julian days as PostgreSQL timestamps. */
class TimeValuesTest {
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
}
