package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A command line naming one subcommand builds only that one (picocli reads every added command's
 * annotations at start); the usage, {@code help} and a misspelt name still know all of them.
 */
class SubcommandsTest {
  @Test
  void eachNameIsTheOneItsCommandDeclares() {
    for (Map.Entry<String, Class<?>> e : FerryCli.SUBCOMMANDS.entrySet()) {
      assertThat(e.getValue().getAnnotation(CommandLine.Command.class).name())
          .as(e.getValue().getSimpleName())
          .isEqualTo(e.getKey());
      assertThat(e.getValue().getAnnotation(CommandLine.Command.class).aliases())
          .as("an alias would not be found by name")
          .isEmpty();
    }
  }

  @Test
  void aNamedSubcommandIsBuiltAloneAndEverythingElseGetsThemAll() {
    assertThat(FerryCli.subcommandsFor("migrate", "--source", "x")).containsExactly("migrate");
    assertThat(FerryCli.subcommandsFor("online", "status")).containsExactly("online");
    assertThat(FerryCli.subcommandsFor("--version")).isEmpty();
    assertThat(FerryCli.subcommandsFor("--help")).hasSize(FerryCli.SUBCOMMANDS.size());
    assertThat(FerryCli.subcommandsFor("help", "migrate")).hasSize(FerryCli.SUBCOMMANDS.size());
    assertThat(FerryCli.subcommandsFor("migrat")).hasSize(FerryCli.SUBCOMMANDS.size());
  }

  @Test
  void theUsageHelpAndSuggestionsStillKnowEveryCommand() {
    CliRun.Run usage = CliRun.ferry("", "--help");
    assertThat(usage.code()).isZero();
    for (String name : FerryCli.SUBCOMMANDS.keySet()) {
      assertThat(usage.out()).containsPattern("(?m)^\\s+" + name + "\\s");
    }
    CliRun.Run help = CliRun.ferry("", "help", "validate");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("Usage: ferry validate");
    CliRun.Run misspelt = CliRun.ferry("", "migrat");
    assertThat(misspelt.code()).isNotZero();
    assertThat(misspelt.err()).contains("migrate");
    CliRun.Run one = CliRun.ferry("", "runs", "--help");
    assertThat(one.code()).isZero();
    assertThat(one.out()).contains("Usage: ferry runs");
    assertThat(CliRun.ferry("", "--version").out()).startsWith("ferry ");
  }
}
