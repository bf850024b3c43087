/**
 * The start page: a new migration, the demo (its files and an embedded PostgreSQL), the runs in the
 * journal to open or resume. A View and its ViewModel, handing what the DBA chose to {@code ui.app}
 * through callbacks; depends on {@code ui.common} and the engine, never on {@code ui.app} or a
 * step.
 */
package dev.ferry.ui.home;
