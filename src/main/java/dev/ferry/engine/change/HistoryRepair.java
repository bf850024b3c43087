package dev.ferry.engine.change;

import java.util.List;

/** Flyway's repair of its history table: what it did (failed entries removed, checksums …). */
public record HistoryRepair(List<String> actions) {}
