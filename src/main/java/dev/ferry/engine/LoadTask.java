package dev.ferry.engine;

import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.copy.Chunk;
import dev.ferry.engine.plan.TablePlan;

/** A chunk of a table waiting to be loaded. */
record LoadTask(TablePlan plan, Table table, Chunk chunk, int level) {}
