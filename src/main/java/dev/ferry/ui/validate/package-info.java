/**
 * The Validate step: the run's validation (or "Validate again") as a grid per table coloured by
 * outcome, and for a mismatch the differing keys with source and target values side by side. A View
 * and its ViewModel; depends on {@code ui.session}, {@code ui.common} and the engine, never on
 * {@code ui.app} or another step.
 */
package dev.ferry.ui.validate;
