/**
 * The run journal, an embedded SQLite store in the workspace: runs, phases, committed chunks and
 * events. Depends on the event package only.
 */
package dev.ferry.engine.journal;
