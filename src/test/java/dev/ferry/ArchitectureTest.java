package dev.ferry;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.ferry.engine.connect.DatabaseKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering rules of ARCHITECTURE.md, enforced. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ferry");
  }

  @Test
  void engineUsesNoJavaFxNorAwt() {
    noClasses()
        .that()
        .resideInAPackage("dev.ferry.engine..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("javafx..", "java.awt..", "org.controlsfx..", "org.jfree..")
        .check(classes);
  }

  @Test
  void reportUsesNoJavaFx() {
    // reports draw their charts with JFreeChart into images (AWT), never with the toolkit
    noClasses()
        .that()
        .resideInAPackage("dev.ferry.report..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "javafx..", "org.controlsfx..", "org.jfree.chart.fx..", "dev.ferry.ui..")
        .check(classes);
  }

  @Test
  void engineDependsOnNothingAboveIt() {
    noClasses()
        .that()
        .resideInAPackage("dev.ferry.engine..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.ferry.cli..", "dev.ferry.ui..", "dev.ferry.report..")
        .check(classes);
  }

  @Test
  void onlyTheCliPrints() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.ferry.cli..")
        // the Java-8 launcher says which Java Ferry needs before any of Ferry can load
        .and()
        .doNotHaveFullyQualifiedName("dev.ferry.Launcher")
        .should()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .orShould()
        .callMethod(Throwable.class, "printStackTrace")
        .check(classes);
  }

  @Test
  void loggingGoesThroughSlf4j() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.util.logging..", "org.apache.log4j..", "org.apache.logging.log4j..")
        .check(classes);
  }

  @Test
  void noPackagesImportEachOtherInACircle() {
    slices().matching("dev.ferry.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void theCommandLineNeverImportsTheConsole() {
    // Main hands the console's launcher to the command line; the CLI uses only engine and report
    noClasses()
        .that()
        .resideInAPackage("dev.ferry.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.ferry.ui..")
        .check(classes);
  }

  @Test
  void onlyDialectsAndConnectionsNameADatabase() {
    // a fourth source database is a new dialect package (and its connection forms), not a branch in
    // ten files; the console's Connect step is where the DBA picks one
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "dev.ferry.engine.dialect..", "dev.ferry.engine.connect..", "dev.ferry.ui.connect..")
        .should()
        .accessField(DatabaseKind.class, "SQLITE")
        .orShould()
        .accessField(DatabaseKind.class, "POSTGRESQL")
        .orShould()
        .accessField(DatabaseKind.class, "MYSQL")
        .check(classes);
  }
}
