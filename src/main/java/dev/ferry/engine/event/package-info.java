/** Typed progress events and the listener interface. Depends on nothing else in Ferry. */
package dev.ferry.engine.event;
