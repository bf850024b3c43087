/**
 * The console's window: the application class and its launcher (which starts the log file in the
 * workspace), the step navigator, the start page and Schema changes area put beside the wizard, and
 * the preferences it remembers. Builds every step and wires what one step hands to the next.
 * Depends on the steps, {@code ui.session}, {@code ui.common} and the engine; nothing in {@code ui}
 * depends on it.
 */
package dev.ferry.ui.app;
