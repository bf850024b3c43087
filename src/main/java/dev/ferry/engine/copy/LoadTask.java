package dev.ferry.engine.copy;

import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.plan.TablePlan;

/** A chunk of a table waiting to be loaded. */
public record LoadTask(TablePlan plan, Table table, Chunk chunk, int level) {}
