/**
 * The Migrate step: start, pause, resume and cancel a run, with progress per table, throughput,
 * rejects and the run's log, fed by the engine's events on the FX thread. A View and its ViewModel;
 * depends on {@code ui.session}, {@code ui.common}, {@code ui.chart} and the engine, never on
 * {@code ui.app} or another step.
 */
package dev.ferry.ui.migrate;
