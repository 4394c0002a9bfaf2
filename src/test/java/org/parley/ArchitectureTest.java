package org.parley;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.security.MessageDigest;
import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of DESIGN §4 and §7, held by the build: edges (web, smtp, cli) and the
 * wiring (app) depend on the core, never the reverse; each library has one home package.
 */
class ArchitectureTest {
  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.parley");
  }

  static final String[] CORE = {
    "org.parley.account..",
    "org.parley.archive..",
    "org.parley.bounce..",
    "org.parley.crypto..",
    "org.parley.db..",
    "org.parley.delivery..",
    "org.parley.group..",
    "org.parley.importer..",
    "org.parley.ingest..",
    "org.parley.jobs..",
    "org.parley.mailauth..",
    "org.parley.mailcommand..",
    "org.parley.mailtext..",
    "org.parley.member..",
    "org.parley.mime..",
    "org.parley.moderation..",
    "org.parley.review..",
    "org.parley.search..",
    "org.parley.spam.."
  };

  static ArchRule onlyIn(String library, String... homes) {
    return noClasses()
        .that()
        .resideOutsideOfPackages(homes)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(library)
        .as(library + " is used only in " + String.join(", ", homes));
  }

  @Test
  void theCoreDependsOnNoEdgeAndNoWiring() {
    noClasses()
        .that()
        .resideInAnyPackage(CORE)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.parley.web..", "org.parley.smtp..", "org.parley.cli..", "org.parley.app..")
        .check(classes);
  }

  @Test
  void edgesDoNotDependOnEachOther() {
    noClasses()
        .that()
        .resideInAPackage("org.parley.smtp..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.parley.web..", "org.parley.cli..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("org.parley.web..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.parley.smtp..", "org.parley.cli..")
        .check(classes);
  }

  @Test
  void eachLibraryHasOneHome() {
    onlyIn("io.javalin..", "org.parley.web..").check(classes);
    // plain-text mail bodies are written by the core too: see docs/adr/0009
    onlyIn("gg.jte..", "org.parley.web..", "org.parley.mailtext..", "gg.jte..").check(classes);
    onlyIn("org.subethamail..", "org.parley.smtp..").check(classes);
    onlyIn("picocli..", "org.parley.cli..").check(classes);
    onlyIn("org.flywaydb..", "org.parley.db..").check(classes);
    onlyIn("com.zaxxer.hikari..", "org.parley.db..").check(classes);
    onlyIn("org.sqlite..", "org.parley.db..").check(classes);
    onlyIn("org.postgresql..", "org.parley.db..").check(classes);
    onlyIn("com.password4j..", "org.parley.account..").check(classes);
    onlyIn("org.apache.lucene..", "org.parley.search..").check(classes);
    onlyIn("jakarta.mail..", "org.parley.delivery..").check(classes);
    onlyIn("org.eclipse.angus..", "org.parley.delivery..").check(classes);
    // delivery's MIME surgery and its reading of captured copies are in mime: ADR 2
    onlyIn("org.apache.james.mime4j..", "org.parley.mime..").check(classes);
    onlyIn("org.jsoup..", "org.parley.mime..").check(classes);
    onlyIn("org.apache.commons.compress..", "org.parley.importer..").check(classes);
    onlyIn("org.tukaani.xz..", "org.parley.importer..").check(classes);
    onlyIn("me.tongfei.progressbar..", "org.parley.cli..").check(classes);
    onlyIn("javax.crypto..", "org.parley.crypto..").check(classes);
    onlyIn("org.nibor.autolink..", "org.parley.web..").check(classes);
    onlyIn("com.rometools..", "org.parley.web.feed..").check(classes);
    onlyIn("org.xbill.DNS..", "org.parley.mailauth..").check(classes);
    onlyIn("com.google.common..", "org.parley.mailauth..").check(classes);
    onlyIn("org.apache.james.jspf..", "org.parley.mailauth..").check(classes);
    noClasses()
        .that()
        .resideOutsideOfPackage("org.parley.crypto..")
        .should()
        .dependOnClassesThat()
        .belongToAnyOf(SecureRandom.class, MessageDigest.class)
        .as("random tokens and digests come from org.parley.crypto")
        .check(classes);
  }

  /**
   * No package depends on itself through others: each top-level package sits above or below
   * another.
   */
  @Test
  void packagesHaveNoCycles() {
    SlicesRuleDefinition.slices()
        .matching("org.parley.(*)..")
        .should()
        .beFreeOfCycles()
        .check(classes);
  }

  @Test
  void bannedNames() {
    noClasses()
        .should()
        .haveSimpleNameEndingWith("Manager")
        .orShould()
        .haveSimpleNameEndingWith("Helper")
        .orShould()
        .haveSimpleNameEndingWith("Util")
        .orShould()
        .haveSimpleNameEndingWith("Utils")
        .orShould()
        .haveSimpleNameEndingWith("Impl")
        .check(classes);
  }
}
