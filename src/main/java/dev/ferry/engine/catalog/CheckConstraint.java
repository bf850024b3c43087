package dev.ferry.engine.catalog;

/** A CHECK constraint with its expression in the source's SQL (without the CHECK keyword). */
public record CheckConstraint(String name, String expression) {}
