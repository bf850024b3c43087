package dev.ferry.engine.catalog;

/** A view and its defining query in the source's SQL dialect. */
public record View(String source, String schema, String name, String definition) {}
