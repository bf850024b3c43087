package dev.ferry.ui.common;

import dev.ferry.engine.plan.IfExists;
import dev.ferry.engine.plan.LoadOrder;
import java.util.Arrays;
import java.util.function.Function;
import javafx.util.StringConverter;

/** Settings as a DBA reads them: sentences, not the plan file's constant names. */
public final class PlainWords {
  private PlainWords() {}

  public static String of(IfExists e) {
    return switch (e) {
      case FAIL -> "Stop before loading if a target table exists (lists them)";
      case TRUNCATE -> "Empty the existing tables, then load";
      case APPEND -> "Keep the existing rows and add the source's";
    };
  }

  public static String of(LoadOrder o) {
    return switch (o) {
      case CONSTRAINTS_AFTER_LOAD -> "Load every table, then build keys and foreign keys (fastest)";
      case DEPENDENCY_ORDER -> "Load in foreign-key order, level by level, keys in place";
    };
  }

  /** A converter that shows {@code words} for each constant and reads them back. */
  public static <E extends Enum<E>> StringConverter<E> converter(
      Class<E> type, Function<E, String> words) {
    return new StringConverter<>() {
      @Override
      public String toString(E e) {
        return e == null ? "" : words.apply(e);
      }

      @Override
      public E fromString(String s) {
        return Arrays.stream(type.getEnumConstants())
            .filter(e -> words.apply(e).equals(s))
            .findFirst()
            .orElse(null);
      }
    };
  }
}
