/**
 * What the wizard's steps share for one migration ({@code MigrationSession}): connections,
 * assessment, plan, waivers, result. Steps depend on it; {@code ui.app} depends on the steps; it
 * depends on neither.
 */
package dev.ferry.ui.session;
