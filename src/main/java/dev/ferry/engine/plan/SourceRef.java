package dev.ferry.engine.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A source as the plan names it: its name, URL without password, and schemas (PostgreSQL). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SourceRef(String name, String url, List<String> schemas) {
  public SourceRef {
    schemas = schemas == null ? List.of() : List.copyOf(schemas);
  }
}
