package dev.ferry.engine.change;

/**
 * How long a lock that blocks writes may be held on a table with rows before a statement is rated
 * MEDIUM ({@code mediumAfter}) or HIGH ({@code highAfter}), in seconds; set in {@code
 * ferry-change.yaml} under {@code risk:}. The defaults: any such lock is MEDIUM, one held a second
 * or more is HIGH.
 */
public record RiskThresholds(double mediumAfter, double highAfter) {
  public static final RiskThresholds DEFAULT = new RiskThresholds(0, 1);
}
