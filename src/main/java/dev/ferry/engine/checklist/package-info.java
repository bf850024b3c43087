/**
 * Checklists with sign-off: templates (YAML, shipped in {@code resources/checklists/}, editable
 * copies in the workspace), the evidence Ferry can prove from a run and the target, and the
 * operators' sign-offs kept in the run journal. No JavaFX.
 */
package dev.ferry.engine.checklist;
