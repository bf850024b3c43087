/**
 * The run journal, an embedded SQLite store in the workspace: runs, phases, committed chunks,
 * events and the operators' sign-offs, which it owns ({@code SignOff}). Uses core and event only.
 */
package dev.ferry.engine.journal;
