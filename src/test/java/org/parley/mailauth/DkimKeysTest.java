package org.parley.mailauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.testkit.TestClock;

/**
 * Key rotation by selector as an operator does it: the first key signs, a new one waits until it is
 * activated (its record published first), the old one is kept until retired; and a running site
 * notices what the command line changed, within a minute, without a restart.
 */
class DkimKeysTest {
  static final String D = "lists.example.org";

  @TempDir Path dir;
  final TestClock clock = new TestClock(Instant.parse("2026-12-05T12:00:00Z"));

  DkimKeys keys() {
    return new DkimKeys(dir, clock);
  }

  static List<String> selectors(List<DkimKey> keys) {
    return keys.stream().map(DkimKey::selector).toList();
  }

  @Test
  void theFirstKeyOfEachAlgorithmSignsAndALaterOneWaits() {
    DkimKeys keys = keys();
    assertThat(keys.active(D)).isEmpty();
    assertThat(keys.generate(D, "one", DkimAlgorithm.RSA_SHA256, 1024, false).active()).isTrue();
    assertThat(keys.generate(D, "one-ed", DkimAlgorithm.ED25519_SHA256, 0, false).active())
        .isTrue();
    assertThat(keys.generate(D, "two", DkimAlgorithm.RSA_SHA256, 1024, false).active()).isFalse();
    assertThat(selectors(keys.active(D))).containsExactly("one", "one-ed");
    assertThat(keys.list(D))
        .extracting(
            e -> e.key().selector() + " " + e.key().algorithm().keyType() + " " + e.active())
        .containsExactly("one rsa true", "one-ed ed25519 true", "two rsa false");
  }

  @Test
  void rotationActivatesTheNewKeyAndRetiresTheOld() {
    DkimKeys keys = keys();
    keys.generate(D, "old", DkimAlgorithm.RSA_SHA256, 1024, false);
    keys.generate(D, "new", DkimAlgorithm.RSA_SHA256, 1024, false);

    assertThat(keys.activate(D, "new")).contains("old");
    assertThat(selectors(keys.active(D))).containsExactly("new");

    assertThatThrownBy(() -> keys.retire(D, "new"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the key new is active for " + D + "; activate another rsa key first");
    keys.retire(D, "old");
    assertThat(Files.exists(dir.resolve(D).resolve("old.key"))).isFalse();
    assertThat(keys.list()).extracting(e -> e.key().selector()).containsExactly("new");
  }

  @Test
  void activateMakesANewKeySignAtOnce() {
    DkimKeys keys = keys();
    keys.generate(D, "old", DkimAlgorithm.RSA_SHA256, 1024, false);
    assertThat(keys.generate(D, "new", DkimAlgorithm.RSA_SHA256, 1024, true).active()).isTrue();
    assertThat(selectors(keys.active(D))).containsExactly("new");
  }

  @Test
  void aRunningSiteNoticesKeysChangedByAnotherProcessWithinAMinute() {
    DkimKeys site = keys();
    DkimKeys commandLine = new DkimKeys(dir, clock);
    assertThat(site.active(D)).isEmpty();

    commandLine.generate(D, "first", DkimAlgorithm.RSA_SHA256, 1024, false);
    assertThat(site.active(D)).as("looked at less than a minute ago").isEmpty();
    clock.advance(Duration.ofMinutes(1));
    assertThat(selectors(site.active(D))).containsExactly("first");

    commandLine.generate(D, "second", DkimAlgorithm.RSA_SHA256, 1024, false);
    commandLine.activate(D, "second");
    clock.advance(Duration.ofMinutes(1));
    assertThat(selectors(site.active(D))).containsExactly("second");
  }

  @Test
  void theKeyIsStoredAsPkcs8ReadableByItsOwnerAlone() throws Exception {
    DkimKey made = keys().generate(D, "s1", DkimAlgorithm.ED25519_SHA256, 0, false).key();
    Path file = dir.resolve(D).resolve("s1.key");
    assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    DkimKey read = new DkimKeys(dir, clock).active(D).get(0);
    assertThat(read.record()).isEqualTo(made.record());
    assertThat(read.privateKey().getEncoded()).isEqualTo(made.privateKey().getEncoded());
  }

  @Test
  void selectorsAreNamedByMonthAndNeverOverwritten() {
    DkimKeys keys = keys();
    assertThat(keys.defaultSelector(DkimAlgorithm.RSA_SHA256)).isEqualTo("parley-2026-12");
    assertThat(keys.defaultSelector(DkimAlgorithm.ED25519_SHA256)).isEqualTo("parley-2026-12-ed");
    keys.generate(D, "parley-2026-12", DkimAlgorithm.RSA_SHA256, 1024, false);
    assertThatThrownBy(
            () -> keys.generate(D, "parley-2026-12", DkimAlgorithm.ED25519_SHA256, 0, false))
        .hasMessage(
            "the selector parley-2026-12 already exists for "
                + D
                + " (name another with --selector)");
    assertThatThrownBy(() -> keys.generate(D, "../etc", DkimAlgorithm.RSA_SHA256, 1024, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a valid selector");
    assertThatThrownBy(() -> keys.generate(D, "small", DkimAlgorithm.RSA_SHA256, 512, false))
        .hasMessageContaining("1024 to 4096 bits");
  }

  @Test
  void theZoneLineSplitsTheRecordIntoStringsOf255BytesAtMost() {
    DkimKey key = keys().generate(D, "big", DkimAlgorithm.RSA_SHA256, 4096, false).key();
    String line = key.zoneLine();
    assertThat(line).startsWith("big._domainkey." + D + ". IN TXT ( \"v=DKIM1; k=rsa; \" \"p=");
    assertThat(line).endsWith("\" )");
    List<String> strings =
        java.util.regex.Pattern.compile("\"([^\"]*)\"")
            .matcher(line)
            .results()
            .map(m -> m.group(1))
            .toList();
    assertThat(strings)
        .hasSizeGreaterThan(3)
        .allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(255));
    assertThat(String.join("", strings)).isEqualTo(key.record());
  }
}
