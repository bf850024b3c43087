/**
 * A run's report: the JSON result with the checklist, and a self-contained HTML page with the run's
 * figures and charts rendered by JFreeChart as embedded PNGs. Depends on the engine only; no
 * JavaFX.
 */
package dev.ferry.report;
