package dev.ferry.engine.change;

import java.util.List;

/** The undo scripts that take the target back to {@code toVersion}, newest first. */
public record UndoPlan(String toVersion, List<String> scripts) {}
