package dev.ferry.ui;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's layering, as each package's package-info says it: the screens use the shared
 * packages and the engine, {@code ui.app} puts them together, and a ViewModel never touches a
 * control.
 */
class UiArchitectureTest {
  /** One package per screen: the wizard's steps, the start page, the Schema changes area. */
  private static final List<String> SCREENS =
      List.of(
          "assess",
          "changes",
          "checklist",
          "connect",
          "home",
          "migrate",
          "plan",
          "report",
          "validate");

  private static final List<String> SHARED = List.of("common", "session", "chart");

  private static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ferry.ui");
  }

  private static String[] packages(List<String> names) {
    return names.stream().map(n -> "dev.ferry.ui." + n + "..").toArray(String[]::new);
  }

  @Test
  void aScreenUsesNeitherTheWindowNorAnotherScreen() {
    for (String screen : SCREENS) {
      List<String> others = SCREENS.stream().filter(s -> !s.equals(screen)).toList();
      noClasses()
          .that()
          .resideInAPackage("dev.ferry.ui." + screen + "..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(packages(others))
          .orShould()
          .dependOnClassesThat()
          .resideInAPackage("dev.ferry.ui.app..")
          .check(classes);
    }
  }

  @Test
  void theSharedPackagesUseNoScreenAndNotTheWindow() {
    noClasses()
        .that()
        .resideInAnyPackage(packages(SHARED))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(packages(SCREENS))
        .orShould()
        .dependOnClassesThat()
        .resideInAPackage("dev.ferry.ui.app..")
        .check(classes);
  }

  @Test
  void aViewModelNeverTouchesAControl() {
    // so it is tested without the toolkit; the View binds the controls to its properties
    noClasses()
        .that()
        .haveSimpleNameEndingWith("ViewModel")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("javafx.scene..", "javafx.stage..")
        .check(classes);
  }
}
