package dev.ferry.engine.cast;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One row of a cast-rule table: source types matched by {@code match} (a regular expression over
 * the lower-cased base type name) and every condition in {@code when}, mapped to the {@code target}
 * type template ({@code {n}} length, {@code {p}}/{@code {s}} precision and scale, {@code {fsp}}
 * fractional seconds, {@code {declared}} the source's own type) with a {@link Transform}.
 *
 * <p>Conditions: {@code rowid-key}, {@code auto-increment}, {@code unsigned}, {@code width=1},
 * {@code has-precision}, {@code has-length}, {@code fits-length}, {@code data-integers}, {@code
 * data-numbers}, {@code enum-as-type}, {@code enum-as-check}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CastRule(
    String id, String match, List<String> when, String target, Transform transform, String note) {

  public CastRule {
    when = when == null ? List.of() : List.copyOf(when);
    Pattern.compile(match);
  }

  @JsonIgnore
  public boolean matchesType(String baseType) {
    return Pattern.compile(match, Pattern.CASE_INSENSITIVE)
        .matcher(baseType.toLowerCase(Locale.ROOT).strip())
        .matches();
  }
}
