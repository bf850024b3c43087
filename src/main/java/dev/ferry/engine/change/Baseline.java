package dev.ferry.engine.change;

/** Flyway's baseline: the existing schema marked as {@code version}. */
public record Baseline(String version) {}
