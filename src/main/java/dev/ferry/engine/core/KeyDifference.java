package dev.ferry.engine.core;

import java.util.Map;

/**
 * A row that differs: its key, and its values on each side (null when the row is missing there).
 * {@code kind} is MISSING_IN_TARGET, EXTRA_IN_TARGET or DIFFERENT.
 */
public record KeyDifference(
    String kind, Map<String, String> key, Map<String, String> source, Map<String, String> target) {}
