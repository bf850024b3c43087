package dev.ferry.engine.change;

import java.util.List;

/** The lock and risk of every pending statement, in the order the scripts would run them. */
public record LockRisks(List<StatementRisk> statements) {}
