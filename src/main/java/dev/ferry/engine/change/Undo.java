package dev.ferry.engine.change;

import java.util.List;

/**
 * An undo that ran: the versions undone, newest first, and for a staged undo the schema that keeps
 * the tables they had created (null otherwise).
 */
public record Undo(List<UndoStep> steps, String backupSchema) {}
