package dev.ferry.engine.event;

/** The phases of a migration run, in order. */
public enum Phase {
  PREPARE,
  SCHEMA,
  DATA,
  CONSTRAINTS,
  VALIDATE
}
