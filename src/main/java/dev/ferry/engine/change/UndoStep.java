package dev.ferry.engine.change;

import java.util.List;

/** One undone version: its undo script, how many statements it holds, and what was kept. */
public record UndoStep(String version, String script, int statements, List<String> notes) {}
