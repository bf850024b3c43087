package dev.ferry.engine.catalog;

import java.util.List;

/**
 * A row-level-security policy: {@code command} is ALL, SELECT, INSERT, UPDATE or DELETE; {@code
 * roles} are role names ({@code public} for everyone); {@code using} and {@code withCheck} are
 * expressions as PostgreSQL prints them, or null.
 */
public record Policy(
    TableId table,
    String name,
    boolean permissive,
    String command,
    List<String> roles,
    String using,
    String withCheck) {
  public Policy {
    roles = List.copyOf(roles);
  }
}
