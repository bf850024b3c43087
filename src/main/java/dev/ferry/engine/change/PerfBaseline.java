package dev.ferry.engine.change;

import dev.ferry.engine.perf.QueryTiming;
import java.util.List;

/** The timings of the project's {@code perf/*.sql}, kept as the target's baseline. */
public record PerfBaseline(List<QueryTiming> queries) {}
