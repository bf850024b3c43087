package dev.ferry.engine.event;

/**
 * Receives the engine's progress. Called from several worker threads at once, so implementations
 * must be thread-safe; the GUI re-posts to its own thread, the CLI prints.
 */
@FunctionalInterface
public interface MigrationListener {
  MigrationListener NONE = e -> {};

  void onEvent(MigrationEvent event);
}
