/**
 * What every screen of the console uses: the background executor all database and file work goes
 * through ({@code BackgroundTask}, {@code TaskExecutor}, the FX one and the one for tests), which
 * logs a failure's stack trace so the screens show only its description; the dialogs; read-only
 * table columns. Depends on the engine's core only; never on a step or {@code ui.app}.
 */
package dev.ferry.ui.common;
