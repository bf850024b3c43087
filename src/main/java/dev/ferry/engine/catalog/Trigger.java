package dev.ferry.engine.catalog;

/**
 * A trigger as {@code pg_get_triggerdef} prints it, cut around its table: the statement is {@code
 * head} + {@code " ON "} + the target table + {@code tail}. {@code enabled} is pg_trigger's {@code
 * tgenabled} (O on, D disabled, R replica, A always).
 */
public record Trigger(TableId table, String name, String head, String tail, char enabled) {}
