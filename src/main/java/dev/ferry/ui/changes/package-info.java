/**
 * The Schema changes area: a folder of Flyway migrations against a live PostgreSQL, outside the
 * migration wizard. {@code ProjectViewModel} holds what every tab shares (the project as typed and
 * as opened, the state each change reloads, one status line); each tab is a View and a ViewModel
 * (migrations, dry run, risk, approvals, verify, backups and history); {@code ChangeActions} holds
 * Migrate, Undo and Report; {@code ChangesView} and {@code ChangesViewModel} put them together.
 * Depends on {@code ui.common}, the engine's {@code change}, {@code backup} and {@code journal}
 * packages and the change report; never on {@code ui.app} or a wizard step.
 */
package dev.ferry.ui.changes;
