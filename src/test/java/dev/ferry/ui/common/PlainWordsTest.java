package dev.ferry.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.plan.IfExists;
import dev.ferry.engine.plan.LoadOrder;
import org.junit.jupiter.api.Test;

/** Every setting the Plan step offers reads as a sentence and converts back to itself. */
class PlainWordsTest {
  @Test
  void settingsReadAsSentencesAndConvertBack() {
    var ifExists = PlainWords.converter(IfExists.class, PlainWords::of);
    for (IfExists e : IfExists.values()) {
      assertThat(ifExists.toString(e)).doesNotContain("_").isNotEqualToIgnoringCase(e.name());
      assertThat(ifExists.fromString(ifExists.toString(e))).isEqualTo(e);
    }
    var order = PlainWords.converter(LoadOrder.class, PlainWords::of);
    for (LoadOrder o : LoadOrder.values()) {
      assertThat(order.toString(o)).doesNotContain("_").contains(" ");
      assertThat(order.fromString(order.toString(o))).isEqualTo(o);
    }
  }
}
