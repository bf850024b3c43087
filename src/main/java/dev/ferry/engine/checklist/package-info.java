/**
 * Checklists with sign-off: templates (YAML, shipped in {@code resources/checklists/}, editable
 * copies in the workspace) and the evidence Ferry can prove from a run and the target; the
 * operators' sign-offs are kept by the journal. Uses backup, cast, connect, core, dialect, plan.
 */
package dev.ferry.engine.checklist;
