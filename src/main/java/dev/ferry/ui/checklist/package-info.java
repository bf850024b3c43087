/**
 * The Checklists step: the run's checklist with the items Ferry proves from evidence and the ones
 * the DBA signs off (recorded in the journal). A View and its ViewModel; depends on {@code
 * ui.session}, {@code ui.common}, the engine and the run report's model, never on {@code ui.app} or
 * another step.
 */
package dev.ferry.ui.checklist;
