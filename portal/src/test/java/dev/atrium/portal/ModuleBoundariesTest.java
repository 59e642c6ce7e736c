package dev.atrium.portal;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The arrows of DESIGN.md: portal → cluster-bridge → tenancy → db, never the other way. */
class ModuleBoundariesTest {

  private static final JavaClasses ATRIUM =
      new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.atrium");

  @Test
  void modulesDependOnlyDownwards() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("portal").definedBy("dev.atrium.portal..")
        .layer("cluster-bridge").definedBy("dev.atrium.cluster..")
        .layer("tenancy").definedBy("dev.atrium.tenancy..")
        .layer("db").definedBy("dev.atrium.db..")
        .whereLayer("portal").mayNotBeAccessedByAnyLayer()
        .whereLayer("cluster-bridge").mayOnlyBeAccessedByLayers("portal")
        .whereLayer("tenancy").mayOnlyBeAccessedByLayers("cluster-bridge", "portal")
        .whereLayer("db").mayOnlyBeAccessedByLayers("tenancy", "cluster-bridge", "portal")
        .check(ATRIUM);
  }

  /** The CLI is a client of the REST API, like any other: it shares no code with the product. */
  @Test
  void theCommandLineSpeaksOnlyTheRestApi() {
    noClasses()
        .that().resideInAPackage("dev.atrium.cli..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.atrium.portal..", "dev.atrium.cluster..", "dev.atrium.tenancy..", "dev.atrium.db..")
        .check(ATRIUM);
    noClasses()
        .that().resideOutsideOfPackage("dev.atrium.cli..")
        .should().dependOnClassesThat().resideInAPackage("dev.atrium.cli..")
        .check(ATRIUM);
  }

  @Test
  void jooqStaysInsideStores() {
    noClasses()
        .that().resideOutsideOfPackages("dev.atrium.db..")
        .and().haveSimpleNameNotEndingWith("Store")
        .should().dependOnClassesThat().resideInAnyPackage("dev.atrium.db.jooq..", "org.jooq..")
        .because("jOOQ records stay inside the store classes; what leaves a store is a domain record")
        .check(ATRIUM);
  }

  @Test
  void tenancyStoresAreUsedOnlyInsideTenancy() {
    noClasses()
        .that().resideOutsideOfPackages("dev.atrium.tenancy..")
        .should().dependOnClassesThat(storesIn("dev.atrium.tenancy.."))
        .because("other modules use tenancy's public services, never its stores")
        .check(ATRIUM);
  }

  @Test
  void clusterStoresAreUsedOnlyInsideTheClusterBridge() {
    noClasses()
        .that().resideOutsideOfPackages("dev.atrium.cluster..", "dev.atrium.bench..")
        .should().dependOnClassesThat(storesIn("dev.atrium.cluster.."))
        .because("the portal uses the cluster bridge's services, never its stores")
        .check(ATRIUM);
  }

  @Test
  void thePortalNeverReachesADriver() {
    noClasses()
        .that().resideInAPackage("dev.atrium.portal..")
        .should().dependOnClassesThat().resideInAPackage("dev.atrium.cluster.driver..")
        .because("engines are reached through the cluster bridge's services, which check the tenant")
        .check(ATRIUM);
  }

  /** Tenancy's packages (access, member, audit, tenant, page) still refer to each other in circles. */
  @Test
  void packagesWithinAModuleHaveNoCycles() {
    for (String module : new String[] {"portal", "cluster", "db"}) {
      slices().matching("dev.atrium." + module + ".(*)..").should().beFreeOfCycles().check(ATRIUM);
    }
  }

  /** Proves the store rules can fail: a class of another module that uses a store breaks them. */
  @Test
  void theStoreRulesSeeAStoreUsedFromOutside() {
    JavaClasses offending = new ClassFileImporter().importClasses(UsesATenancyStore.class, dev.atrium.tenancy.tenant.TenantStore.class);
    var rule = noClasses().that().resideOutsideOfPackages("dev.atrium.tenancy..").should().dependOnClassesThat(storesIn("dev.atrium.tenancy.."));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> rule.check(offending)).isInstanceOf(AssertionError.class);
  }

  static class UsesATenancyStore {
    dev.atrium.tenancy.tenant.TenantStore store;
  }

  private static DescribedPredicate<JavaClass> storesIn(String packages) {
    return JavaClass.Predicates.simpleNameEndingWith("Store").and(JavaClass.Predicates.resideInAPackage(packages));
  }

  @Test
  void theWebLayerIsOnlyInThePortal() {
    noClasses()
        .that().resideOutsideOfPackages("dev.atrium.portal..")
        .should().dependOnClassesThat().resideInAnyPackage("com.vaadin..", "org.springframework.web..", "org.springframework.security..")
        .check(ATRIUM);
  }
}
