/**
 * The Connect step: the source (SQLite files, or a PostgreSQL / MySQL URL) and the target
 * PostgreSQL, checked as they are typed and tested in the background, and the saved connection
 * profiles. The one screen where the DBA picks a kind of database, so it may name them. A View and
 * its ViewModel; depends on {@code ui.session}, {@code ui.common} and the engine's {@code connect}
 * package, never on {@code ui.app} or another step.
 */
package dev.ferry.ui.connect;
