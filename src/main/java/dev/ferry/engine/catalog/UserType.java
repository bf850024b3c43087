package dev.ferry.engine.catalog;

import java.util.List;

/**
 * A PostgreSQL type the target needs before its tables: an enum (with {@code labels}) or a domain
 * (with {@code definition}, the text after {@code CREATE DOMAIN name AS}).
 */
public record UserType(
    String schema, String name, String kind, List<String> labels, String definition) {
  public UserType {
    labels = labels == null ? List.of() : List.copyOf(labels);
  }
}
