package org.parley.mailauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.mailauth.DkimResult.Outcome;
import org.parley.testkit.Dkimpy;
import org.parley.testkit.TestClock;

/**
 * {@link DkimVerification} on messages signed by dkimpy (keys made by our key generation), so a
 * canonicalisation mistake of ours cannot hide behind the same mistake in our signer; and on the
 * ways a signature goes wrong: a changed body or header, a revoked or missing key, a look-up that
 * failed, an expired signature, rsa-sha1, a small key, too many signatures.
 */
class DkimVerificationTest {
  static final String DOMAIN = "example.com";
  static DkimKey rsa;
  static DkimKey ed25519;
  static Path dir;

  final TestClock clock = new TestClock(Instant.now());
  final Map<String, TxtAnswer> answers = new HashMap<>();

  /** The DNS as the test sets it up: a fake behind our own small interface. */
  final Dns dns = name -> answers.getOrDefault(name, new TxtAnswer.None());

  final DkimVerification verifier = new DkimVerification(dns, clock);

  @BeforeAll
  static void keys(@TempDir Path tmp) {
    dir = tmp;
    DkimKeys keys = new DkimKeys(tmp, new TestClock(Instant.now()));
    rsa = keys.generate(DOMAIN, "rsa1", DkimAlgorithm.RSA_SHA256, 2048, false).key();
    ed25519 = keys.generate(DOMAIN, "ed1", DkimAlgorithm.ED25519_SHA256, 0, false).key();
  }

  void publish(DkimKey key) {
    answers.put(key.recordName(), new TxtAnswer.Found(List.of(key.record())));
  }

  static String rsaPem() throws Exception {
    return Files.readString(dir.resolve(DOMAIN).resolve("rsa1.key"));
  }

  /** dkimpy's form of an Ed25519 private key: the base64 of its 32-byte seed. */
  static String ed25519Seed() {
    byte[] pkcs8 = ed25519.privateKey().getEncoded();
    return Base64.getEncoder()
        .encodeToString(Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length));
  }

  static final String MESSAGE =
      "From: Ada <ada@example.com>\r\n"
          + "To: talk@lists.example.org\r\n"
          + "Subject:  Folded\r\n  subject\t line\r\n"
          + "Date: Sat, 05 Dec 2026 12:00:00 +0000\r\n"
          + "Message-ID: <m1@example.com>\r\n"
          + "\r\n"
          + "Hello  there, \t\r\n"
          + "Grüße.\r\n"
          + "\r\n\r\n";

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  byte[] dkimpySigned(String message, DkimKey key, String canon, String headers, boolean length)
      throws Exception {
    Dkimpy.assumeInstalled();
    boolean ed = key.algorithm() == DkimAlgorithm.ED25519_SHA256;
    String field =
        Dkimpy.sign(
            bytes(message),
            key.selector(),
            key.domain(),
            key.algorithm().tag(),
            canon,
            ed ? ed25519Seed() : rsaPem(),
            headers,
            length);
    return bytes(field + message);
  }

  DkimResult only(byte[] message) {
    List<DkimResult> results = verifier.verify(message);
    assertThat(results).hasSize(1);
    return results.get(0);
  }

  @Test
  void rsaRelaxedAndSimpleFromDkimpyPass() throws Exception {
    publish(rsa);
    for (String canon :
        List.of("relaxed/relaxed", "simple/simple", "relaxed/simple", "simple/relaxed")) {
      DkimResult r = only(dkimpySigned(MESSAGE, rsa, canon, "", false));
      assertThat(r.outcome()).as(canon + ": " + r.reason()).isEqualTo(Outcome.PASS);
      assertThat(r.domain()).isEqualTo(DOMAIN);
      assertThat(r.selector()).isEqualTo("rsa1");
      assertThat(r.algorithm()).isEqualTo("rsa-sha256");
    }
  }

  @Test
  void ed25519FromDkimpyPasses() throws Exception {
    publish(ed25519);
    for (String canon : List.of("relaxed/relaxed", "simple/simple")) {
      DkimResult r = only(dkimpySigned(MESSAGE, ed25519, canon, "", false));
      assertThat(r.outcome()).as(canon + ": " + r.reason()).isEqualTo(Outcome.PASS);
      assertThat(r.algorithm()).isEqualTo("ed25519-sha256");
    }
  }

  @Test
  void aChangedBodyFailsItsBodyHash() throws Exception {
    publish(rsa);
    String signed =
        new String(
            dkimpySigned(MESSAGE, rsa, "relaxed/relaxed", "", false), StandardCharsets.UTF_8);
    DkimResult r = only(bytes(signed.replace("Hello", "Goodbye")));
    assertThat(r.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(r.reason()).isEqualTo("body hash did not verify");
    // white space that relaxed canonicalisation ignores is no change
    assertThat(only(bytes(signed.replace("Hello  there", "Hello   there"))).outcome())
        .isEqualTo(Outcome.PASS);
  }

  @Test
  void aChangedSignedFieldFailsTheSignature() throws Exception {
    publish(ed25519);
    String signed =
        new String(
            dkimpySigned(MESSAGE, ed25519, "relaxed/relaxed", "", false), StandardCharsets.UTF_8);
    DkimResult r = only(bytes(signed.replace("Ada <ada", "Eve <ada")));
    assertThat(r.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(r.reason()).isEqualTo("signature did not verify");
  }

  @Test
  void anOversignedFieldAddedLaterFails() throws Exception {
    publish(rsa);
    String signed =
        new String(
            dkimpySigned(MESSAGE, rsa, "relaxed/relaxed", "from:from:subject:subject:to", false),
            StandardCharsets.UTF_8);
    assertThat(only(bytes(signed)).outcome()).isEqualTo(Outcome.PASS);
    String added = signed.replace("To: talk", "From: eve@example.net\r\nTo: talk");
    assertThat(only(bytes(added)).outcome()).isEqualTo(Outcome.FAIL);
  }

  @Test
  void bodyLengthCoversOnlyWhatWasSigned() throws Exception {
    publish(rsa);
    byte[] signed = dkimpySigned(MESSAGE, rsa, "relaxed/simple", "", true);
    assertThat(new String(signed, StandardCharsets.UTF_8)).contains("l=");
    byte[] appended =
        bytes(new String(signed, StandardCharsets.UTF_8) + "-- \r\nA footer added on the way.\r\n");
    assertThat(only(appended).outcome()).isEqualTo(Outcome.PASS);
  }

  @Test
  void anotherTxtRecordBesideTheKeyIsPassedOver() throws Exception {
    answers.put(
        ed25519.recordName(),
        new TxtAnswer.Found(List.of("google-site-verification=abc", ed25519.record())));
    assertThat(only(dkimpySigned(MESSAGE, ed25519, "relaxed/relaxed", "", false)).outcome())
        .isEqualTo(Outcome.PASS);
  }

  @Test
  void aRevokedKeyIsAPermanentError() throws Exception {
    answers.put(rsa.recordName(), new TxtAnswer.Found(List.of("v=DKIM1; k=rsa; p=")));
    DkimResult r = only(dkimpySigned(MESSAGE, rsa, "relaxed/relaxed", "", false));
    assertThat(r.outcome()).isEqualTo(Outcome.PERMERROR);
    assertThat(r.reason()).contains("revoked");
  }

  @Test
  void noKeyIsAPermanentErrorAndAFailedLookUpATemporaryOne() throws Exception {
    byte[] signed = dkimpySigned(MESSAGE, rsa, "relaxed/relaxed", "", false);
    assertThat(only(signed).outcome()).isEqualTo(Outcome.PERMERROR);
    answers.put(rsa.recordName(), new TxtAnswer.TempError("timed out"));
    DkimResult r = only(signed);
    assertThat(r.outcome()).isEqualTo(Outcome.TEMPERROR);
    assertThat(r.reason()).contains("timed out");
  }

  @Test
  void aKeyOfTheWrongTypeIsAPermanentError() throws Exception {
    answers.put(rsa.recordName(), new TxtAnswer.Found(List.of(ed25519.record())));
    assertThat(only(dkimpySigned(MESSAGE, rsa, "relaxed/relaxed", "", false)).outcome())
        .isEqualTo(Outcome.PERMERROR);
  }

  @Test
  void rsaSha1IsNoLongerAccepted() throws Exception {
    publish(rsa);
    DkimResult r = only(dkimpySignedSha1());
    assertThat(r.outcome()).isEqualTo(Outcome.PERMERROR);
    assertThat(r.reason()).contains("rsa-sha1");
  }

  byte[] dkimpySignedSha1() throws Exception {
    Dkimpy.assumeInstalled();
    String field =
        Dkimpy.sign(bytes(MESSAGE), "rsa1", DOMAIN, "rsa-sha1", "relaxed/relaxed", rsaPem(), "");
    return bytes(field + MESSAGE);
  }

  @Test
  void anRsaKeyUnder1024BitsIsRefused() throws Exception {
    Dkimpy.assumeInstalled();
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(768);
    KeyPair small = g.generateKeyPair();
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(small.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    String field =
        Dkimpy.sign(bytes(MESSAGE), "small", DOMAIN, "rsa-sha256", "relaxed/relaxed", pem, "");
    DkimKey key =
        new DkimKey(
            DOMAIN, "small", DkimAlgorithm.RSA_SHA256, small.getPrivate(), small.getPublic());
    publish(key);
    DkimResult r = only(bytes(field + MESSAGE));
    assertThat(r.outcome()).isEqualTo(Outcome.PERMERROR);
    assertThat(r.reason()).contains("768 bits");
  }

  @Test
  void ourOwnSignaturesPassWithBothAlgorithms() {
    publish(rsa);
    publish(ed25519);
    byte[] signed = DkimSigner.sign(List.of(rsa, ed25519), clock, bytes(MESSAGE));
    assertThat(verifier.verify(signed))
        .extracting(DkimResult::outcome, DkimResult::algorithm)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Outcome.PASS, "ed25519-sha256"),
            org.assertj.core.groups.Tuple.tuple(Outcome.PASS, "rsa-sha256"));
  }

  @Test
  void anExpiredSignatureIsAPermanentError() {
    publish(rsa);
    byte[] message = bytes(MESSAGE);
    DkimMessage m = DkimMessage.of(message);
    long now = clock.instant().getEpochSecond();
    String bh = Base64.getEncoder().encodeToString(DkimCrypto.sha256(m.body(true)));
    String unsigned =
        "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d="
            + DOMAIN
            + "; s=rsa1;\r\n t="
            + now
            + "; x="
            + (now + 3600)
            + "; h=from:subject; bh="
            + bh
            + "; b=";
    byte[] data = DkimCrypto.headerData(m, List.of("from", "subject"), unsigned, true);
    String b =
        Base64.getEncoder()
            .encodeToString(DkimCrypto.sign(DkimAlgorithm.RSA_SHA256, rsa.privateKey(), data));
    byte[] signed = bytes(unsigned + b + "\r\n" + MESSAGE);
    assertThat(only(signed).outcome()).isEqualTo(Outcome.PASS);
    clock.advance(Duration.ofHours(2));
    DkimResult r = only(signed);
    assertThat(r.outcome()).isEqualTo(Outcome.PERMERROR);
    assertThat(r.reason()).contains("expired");
  }

  @Test
  void atMostTenSignaturesAreChecked() {
    publish(rsa);
    byte[] message = bytes(MESSAGE);
    for (int i = 0; i < 11; i++) {
      message = DkimSigner.sign(List.of(rsa), clock, message);
    }
    List<DkimResult> results = verifier.verify(message);
    assertThat(results).hasSize(11);
    assertThat(results.subList(0, 10))
        .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.PASS));
    assertThat(results.get(10).outcome()).isEqualTo(Outcome.NEUTRAL);
    assertThat(results.get(10).domain()).isEqualTo(DOMAIN);
    assertThat(results.get(10).reason()).isEqualTo("not checked: too many signatures");
  }

  @Test
  void garbageIsAResultNeverAnException() {
    assertThat(verifier.verify(bytes("DKIM-Signature: nonsense\r\nFrom: a@b\r\n\r\nx\r\n")))
        .extracting(DkimResult::outcome)
        .containsExactly(Outcome.PERMERROR);
    assertThat(
            verifier.verify(
                bytes(
                    "DKIM-Signature: v=1; a=rsa-sha256; b=!!; bh=; d=example.com;"
                        + " s=x; h=from\r\n\r\n")))
        .extracting(DkimResult::outcome)
        .containsExactly(Outcome.PERMERROR);
    // an empty name in h= selects no field, not a line of the header without a colon
    assertThat(
            verifier.verify(
                bytes(
                    "DKIM-Signature: v=1; a=rsa-sha256; b=AAAA; bh=AAAA; d=example.com; s=rsa1;"
                        + " h=from::to\r\nno colon here\r\nFrom: a@b\r\n\r\nx\r\n")))
        .extracting(DkimResult::reason)
        .containsExactly("no key for the signature");
    assertThat(verifier.verify(new byte[0])).isEmpty();
    assertThat(verifier.verify(bytes("From: a@b\r\n\r\nno signature\r\n"))).isEmpty();
  }
}
