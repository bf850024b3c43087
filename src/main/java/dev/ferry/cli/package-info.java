/**
 * The {@code ferry} command line (picocli): a thin client over the engine. Each command parses its
 * options, calls the engine and prints the value it returns — migrations through {@code
 * ResultPrinter}, schema changes ({@code ferry change} and its subcommands) through {@code
 * ChangePrinter}. The only package that prints to stdout/stderr. Depends on the engine and the
 * report writers, never on the console: {@code Main} hands the console's launcher in.
 */
package dev.ferry.cli;
