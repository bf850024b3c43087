package dev.ferry.engine.plan;

/** The target as the plan names it: URL without password and the schema to load into. */
public record TargetRef(String url, String schema) {}
