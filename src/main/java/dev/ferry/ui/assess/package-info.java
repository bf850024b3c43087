/**
 * The Assess step: the pre-checks' findings (blockers, warnings, waivers), the inventory, the
 * foreign-key levels and the estimate, run in the background when the step is entered. A View and
 * its ViewModel; depends on {@code ui.session}, {@code ui.common} and the engine, never on {@code
 * ui.app} or another step.
 */
package dev.ferry.ui.assess;
