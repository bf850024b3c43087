/**
 * The engine's front door: {@code Ferry} (configure once, then inspect, plan, assess, migrate,
 * resume, validate, back up — each returning a plain result), the pre-flight gate ({@code
 * PreFlight}) and the conductor of a migration ({@code MigrationRunner}), which runs the phase
 * classes of {@code schema}, {@code copy} and {@code validate} in order and times them ({@code
 * PhaseClock}). May use every engine package; nothing in the engine uses it.
 */
package dev.ferry.engine;
