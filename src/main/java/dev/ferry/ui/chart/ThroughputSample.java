package dev.ferry.ui.chart;

import dev.ferry.engine.event.Phase;

/** One point of the throughput chart: seconds since start, rows/s and MB/s, and the phase. */
public record ThroughputSample(
    double seconds, double rowsPerSecond, double mbPerSecond, Phase phase) {}
