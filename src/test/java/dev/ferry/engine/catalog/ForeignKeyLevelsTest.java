package dev.ferry.engine.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Foreign-key levels, cycles and self-references. */
class ForeignKeyLevelsTest {
  @Test
  void foreignKeyLevelsCyclesAndSelfReferences() {
    Table a = table("a");
    Table b = table("b", "a");
    Table c = table("c", "b", "c");
    Table x = table("x", "y");
    Table y = table("y", "x", "a");
    ForeignKeyLevels l = new ForeignKeyLevels(List.of(a, b, c, x, y));
    assertThat(l.level(a.id())).isZero();
    assertThat(l.level(b.id())).isEqualTo(1);
    assertThat(l.level(c.id())).isEqualTo(2);
    assertThat(l.level(x.id())).isEqualTo(1);
    assertThat(l.level(y.id())).isEqualTo(1);
    assertThat(l.cycles()).hasSize(1);
    assertThat(l.cycles().get(0)).containsExactlyInAnyOrder(x.id(), y.id());
    assertThat(l.selfReferencing()).containsExactly(c.id());
    assertThat(l.inSameCycle(x.id(), y.id())).isTrue();
  }

  private static Table table(String name, String... refs) {
    List<ForeignKey> fks =
        Arrays.stream(refs)
            .map(
                r ->
                    new ForeignKey(
                        null,
                        List.of(r + "_id"),
                        new TableId("s", null, r),
                        List.of("id"),
                        "NO ACTION",
                        "NO ACTION",
                        false))
            .toList();
    return new Table(
        new TableId("s", null, name),
        List.of(),
        null,
        List.of(),
        List.of(),
        fks,
        List.of(),
        0,
        0,
        0,
        null);
  }
}
