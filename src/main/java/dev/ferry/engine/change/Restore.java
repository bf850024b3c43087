package dev.ferry.engine.change;

import java.nio.file.Path;

/** A backup restored over the target (named without its password). */
public record Restore(Path file, String target) {}
