/**
 * The console's window: the application class and its launcher, the step navigator, the session the
 * steps share and the preferences it remembers. Depends on the engine and the step packages.
 */
package dev.ferry.ui.app;
