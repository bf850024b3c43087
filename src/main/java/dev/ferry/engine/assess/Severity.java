package dev.ferry.engine.assess;

/** How much a finding matters: a BLOCKER stops {@code migrate} until fixed or waived. */
public enum Severity {
  BLOCKER,
  WARNING,
  INFO
}
