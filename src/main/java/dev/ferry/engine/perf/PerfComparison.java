package dev.ferry.engine.perf;

/**
 * A query's time now against its baseline and its declared limit: PASS, FAIL (over the limit, or
 * slower than the baseline by more than half and more than the noise floor), or ERROR.
 */
public record PerfComparison(
    String name, Double baselineMs, Double nowMs, Double maxMs, String result, String detail) {
  public boolean ok() {
    return result.equals("PASS");
  }
}
