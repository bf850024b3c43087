/**
 * The console's live charts: the Migrate step's throughput (rows/s and MB/s, a marker per phase)
 * drawn with JFreeChart's FX viewer from samples the ViewModel collects. Depends on the engine's
 * event types only; used by the steps, never using them.
 */
package dev.ferry.ui.chart;
