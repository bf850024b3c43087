package dev.ferry.engine.dialect.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.cast.CastRules;
import dev.ferry.engine.cast.ColumnProfile;
import dev.ferry.engine.catalog.Column;
import dev.ferry.engine.catalog.Key;
import dev.ferry.engine.catalog.Table;
import dev.ferry.engine.catalog.TableId;
import dev.ferry.engine.connect.DatabaseKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Declared types SQLite accepts but nobody declares on purpose map where SQLite's affinity rules
 * (sqlite.org/datatype3.html §3.1) put them, with the data deciding only where the type says
 * nothing.
 */
class SqliteTypesTest {
  private static final CastRules RULES = CastRules.defaults(DatabaseKind.SQLITE);
  private static final ColumnProfile EMPTY = profile(0, 0, 0, 0, 0);

  private static ColumnProfile profile(long rows, long ints, long reals, long texts, long blobs) {
    return new ColumnProfile(
        rows,
        rows - ints - reals - texts - blobs,
        ints,
        reals,
        texts,
        blobs,
        null,
        null,
        null,
        null,
        0);
  }

  private static CastRules.Choice choose(String declared, ColumnProfile profile) {
    DeclaredType t = DeclaredType.parse(declared);
    boolean text = t.base().matches(".*(char|text|clob).*");
    Column c =
        new Column(
            "c",
            2,
            declared,
            t.base(),
            text ? t.first() : null,
            text ? null : t.first(),
            text ? null : t.second(),
            true,
            null,
            false,
            t.unsigned(),
            List.of(),
            null);
    Table table =
        new Table(
            new TableId("s", null, "t"),
            List.of(c),
            new Key(null, List.of("id")),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            0,
            0,
            0,
            "rowid");
    return RULES.choose(table, c, profile, false);
  }

  private static String target(String declared) {
    return choose(declared, EMPTY).targetType();
  }

  @Test
  void declaredTypesAreReadWithoutQuotesModifiersAndMysqlWords() {
    assertThat(DeclaredType.parse("INT(11) UNSIGNED"))
        .isEqualTo(new DeclaredType("int", 11, null, true));
    assertThat(DeclaredType.parse("\"TEXT\""))
        .isEqualTo(new DeclaredType("text", null, null, false));
    assertThat(DeclaredType.parse("VARYING CHARACTER(255)"))
        .isEqualTo(new DeclaredType("varying character", 255, null, false));
    assertThat(DeclaredType.parse("decimal ( 10 , 2 ) zerofill"))
        .isEqualTo(new DeclaredType("decimal", 10, 2, false));
    assertThat(DeclaredType.parse("INTEGER AUTO_INCREMENT").base()).isEqualTo("integer");
    assertThat(DeclaredType.parse("").base()).isEmpty();
    assertThat(DeclaredType.parse("VARCHAR(99999999999)").first()).isNull();
  }

  @Test
  void typesMapByTheAffinityRulesInTheirOrder() {
    // contains INT → integer (also FLOATING POINT, as in SQLite)
    assertThat(target("INTEGR")).isEqualTo("bigint");
    assertThat(target("UNSIGNED BIG INT")).isEqualTo("bigint");
    assertThat(target("INT(11) UNSIGNED")).isEqualTo("bigint");
    assertThat(target("INTEGER AUTO_INCREMENT")).isEqualTo("bigint");
    assertThat(target("TINYINT(1)")).isEqualTo("bigint");
    assertThat(target("FLOATING POINT")).isEqualTo("bigint");
    // CHAR, CLOB, TEXT → text; a length is kept when no value exceeds it
    assertThat(target("VARYING CHARACTER(255)")).isEqualTo("varchar(255)");
    assertThat(target("NATIVE CHARACTER(70)")).isEqualTo("varchar(70)");
    assertThat(target("\"TEXT\"")).isEqualTo("text");
    assertThat(target("CLOB")).isEqualTo("text");
    // BLOB → bytea, MySQL's too
    assertThat(target("LONGBLOB")).isEqualTo("bytea");
    // REAL, FLOA, DOUB → double precision
    assertThat(target("DOUBLE PRECISION")).isEqualTo("double precision");
    assertThat(target("FLOAT8")).isEqualTo("double precision");
    // the names Ferry knows keep their meaning, quoted or not
    assertThat(target("\"DATETIME\"")).isEqualTo("timestamptz");
    assertThat(target("BOOLEAN")).isEqualTo("boolean");
    assertThat(target("NUMERIC(10,2)")).isEqualTo("numeric(10,2)");
  }

  @Test
  void anythingElseHasNumericAffinityUnlessItHoldsText() {
    // VARCHR has no CHAR in it: NUMERIC affinity, as SQLite gives it
    assertThat(choose("VARCHR(20)", EMPTY).rule().id()).isEqualTo("sqlite.affinity-numeric");
    assertThat(target("STRING")).isEqualTo("numeric");
    assertThat(target("DATETIME2")).isEqualTo("numeric");
    assertThat(choose("STRING", profile(3, 3, 0, 0, 0)).targetType()).isEqualTo("bigint");
    assertThat(choose("STRING", profile(3, 2, 1, 0, 0)).targetType()).isEqualTo("numeric");
    CastRules.Choice text = choose("STRING", profile(3, 1, 0, 2, 0));
    assertThat(text.targetType()).isEqualTo("text");
    assertThat(text.rule().note()).contains("NUMERIC affinity").contains("holds text");
  }

  @Test
  void noTypeAtAllTakesWhatTheDataIs() {
    assertThat(choose("", profile(2, 2, 0, 0, 0)).targetType()).isEqualTo("bigint");
    assertThat(choose("", profile(2, 1, 1, 0, 0)).targetType()).isEqualTo("double precision");
    assertThat(choose("", profile(2, 0, 0, 0, 2)).targetType()).isEqualTo("bytea");
    assertThat(choose("", profile(2, 1, 0, 1, 0)).targetType()).isEqualTo("text");
    assertThat(choose("", EMPTY).targetType()).isEqualTo("text");
  }

  @Test
  void onlyTypesWhoseRuleDependsOnTheDataAreProfiled() {
    assertThat(RULES.needsProfile(column("", ""))).isTrue();
    assertThat(RULES.needsProfile(column("STRING", "string"))).isTrue();
    assertThat(RULES.needsProfile(column("INTEGER", "integer"))).isFalse();
    assertThat(RULES.needsProfile(column("TEXT", "text"))).isFalse();
    assertThat(RULES.needsProfile(column("BOOLEAN", "boolean"))).isFalse();
  }

  private static Column column(String declared, String base) {
    return new Column(
        "c", 1, declared, base, null, null, null, true, null, false, false, List.of(), null);
  }
}
