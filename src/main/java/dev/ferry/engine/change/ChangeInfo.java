package dev.ferry.engine.change;

import java.util.List;

/** What {@code info} found: every migration of the folder and the history, with its state. */
public record ChangeInfo(List<MigrationRow> migrations) {}
