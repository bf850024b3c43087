/**
 * The {@code ferry} command line (picocli): a thin client over the engine. The only package that
 * prints to stdout/stderr. Depends on the engine.
 */
package dev.ferry.cli;
