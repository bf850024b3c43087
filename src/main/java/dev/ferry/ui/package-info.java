/**
 * The JavaFX console: a thin client over {@code dev.ferry.engine}. {@code app} holds the window,
 * the step navigator and the session shared by the steps; each wizard step is a package with a
 * {@code View} (controls only) and a {@code ViewModel} (state as properties, no controls, tested
 * without the toolkit); {@code common} holds the background executor every piece of database work
 * goes through, so the FX thread never waits on a database.
 */
package dev.ferry.ui;
