/**
 * The kernel every engine package may use and that uses nothing of Ferry's: the engine's exceptions
 * ({@code FerryException}, {@code RefusedException}), the result values a run produces and the
 * journal, reports and clients read back ({@code MigrationResult}, {@code TableResult}, {@code
 * RunStatus}, {@code ValidationReport}, waivers), and {@code Workers}, the one way the engine runs
 * work in parallel.
 */
package dev.ferry.engine.core;
