/**
 * The JavaFX console: a thin client over {@code dev.ferry.engine}. Each wizard step ({@code
 * connect}, {@code assess}, {@code plan}, {@code migrate}, {@code validate}, {@code checklist},
 * {@code report}), the start page ({@code home}) and the Schema changes area ({@code changes}) is a
 * package with a {@code View} (controls only) and a {@code ViewModel} (state as properties, no
 * controls, tested without the toolkit). They share {@code session} (one migration's state), {@code
 * common} (the background executor every piece of database work goes through, so the FX thread
 * never waits on a database, and the dialogs) and {@code chart}. {@code app} builds the window from
 * them; no step depends on {@code app} or on another step.
 */
package dev.ferry.ui;
