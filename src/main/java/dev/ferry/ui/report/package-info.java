/**
 * The Report step: writes the run's report (HTML, PDF, JSON) into the run's folder and opens it.
 * The report it writes is handed in by {@code ui.app} (the Checklists step has it). A View and its
 * ViewModel; depends on {@code ui.session}, {@code ui.common}, the engine and {@code
 * dev.ferry.report}, never on {@code ui.app} or another step.
 */
package dev.ferry.ui.report;
