/**
 * The Plan step: the default plan from Assess, editable (tables included or not, target names,
 * column types and transforms with the cast rule that chose them, load settings), its DDL preview,
 * saved and loaded as the YAML file {@code ferry migrate --plan} runs. A View and its ViewModel;
 * depends on {@code ui.session}, {@code ui.common} and the engine, never on {@code ui.app} or
 * another step.
 */
package dev.ferry.ui.plan;
