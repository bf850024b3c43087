package dev.ferry.engine.copy;

import dev.ferry.engine.plan.TablePlan;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One target table's progress while its chunks load in parallel (several source tables when they
 * are merged into it).
 */
final class TableCounters {
  final TablePlan plan;
  final List<TablePlan> members;
  final long total;
  final AtomicLong read = new AtomicLong();
  final AtomicLong loaded = new AtomicLong();
  final AtomicLong bytes = new AtomicLong();
  final AtomicLong nanos = new AtomicLong();
  final AtomicLong chunksPending = new AtomicLong();

  /** When the first of its chunks began loading in this process, for the run's timeline. */
  final AtomicReference<Instant> firstStart = new AtomicReference<>();

  TableCounters(TablePlan plan, List<TablePlan> members, long total) {
    this.plan = plan;
    this.members = members;
    this.total = total;
  }
}
