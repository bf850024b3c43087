package dev.ferry.engine.checklist;

/**
 * What Ferry found for a proof: whether it holds, and the facts in the DBA's words (shown next to
 * the item and in the report).
 */
public record Evidence(boolean proved, String text) {}
