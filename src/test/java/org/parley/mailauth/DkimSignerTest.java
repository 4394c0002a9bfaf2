package org.parley.mailauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.testkit.Dkimpy;
import org.parley.testkit.TestClock;

/**
 * The signatures {@link DkimSigner} makes, checked by dkimpy, which shares no code with ours: for
 * messages whose canonical forms differ from their bytes in every way RFC 6376 §3.4 cares about,
 * with an RSA and an Ed25519 key at once, and oversigned so that a field added later breaks them.
 */
class DkimSignerTest {
  static final String DOMAIN = "lists.example.org";
  static DkimKey rsa;
  static DkimKey ed25519;
  static Map<String, String> records;

  @TempDir static Path keysDir;

  final TestClock clock = new TestClock(Instant.parse("2026-12-05T12:00:00Z"));

  @BeforeAll
  static void keys() {
    DkimKeys keys = new DkimKeys(keysDir, new TestClock(Instant.parse("2026-12-05T12:00:00Z")));
    rsa = keys.generate(DOMAIN, "rsa1", DkimAlgorithm.RSA_SHA256, 2048, false).key();
    ed25519 = keys.generate(DOMAIN, "ed1", DkimAlgorithm.ED25519_SHA256, 0, false).key();
    records = Map.of(rsa.recordName(), rsa.record(), ed25519.recordName(), ed25519.record());
  }

  @BeforeEach
  void dkimpy() {
    Dkimpy.assumeInstalled();
  }

  static byte[] crlf(String text) {
    return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  byte[] signed(byte[] message) {
    return DkimSigner.sign(List.of(rsa, ed25519), clock, message);
  }

  /** Both signatures of {@code message} pass dkimpy, and every line of theirs fits in 78. */
  void verifiesBoth(byte[] message) {
    byte[] signed = signed(message);
    List<Dkimpy.Verdict> verdicts = Dkimpy.verify(signed, records);
    assertThat(verdicts).hasSize(2).allSatisfy(v -> assertThat(v.ok()).as(v.why()).isTrue());
    String head = new String(signed, StandardCharsets.ISO_8859_1);
    head = head.substring(0, head.indexOf("\r\nFrom:") + 2);
    assertThat(head.split("\r\n"))
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
  }

  static final String PLAIN =
      """
      From: Ada Lovelace <ada@example.com>
      To: talk@lists.example.org
      Subject: The analytical engine
      Date: Sat, 05 Dec 2026 12:00:00 +0000
      Message-ID: <engine@example.com>
      MIME-Version: 1.0
      Content-Type: text/plain; charset=us-ascii

      It weaves algebraic patterns
      as the Jacquard loom weaves flowers and leaves.
      """;

  @Test
  void aPlainMessageVerifies() {
    verifiesBoth(crlf(PLAIN));
  }

  @Test
  void aMultipartMessageVerifies() {
    verifiesBoth(
        crlf(
            """
            From: ada@example.com
            To: talk@lists.example.org
            Subject: Two kinds
            MIME-Version: 1.0
            Content-Type: multipart/alternative; boundary="b1"

            --b1
            Content-Type: text/plain; charset=utf-8

            Plain words.
            --b1
            Content-Type: text/html; charset=utf-8

            <p>Plain   words.</p>\t
            --b1--
            """));
  }

  @Test
  void eightBitTextInTheHeaderAndBodyVerifies() {
    verifiesBoth(
        crlf(
            """
            From: Zoë Ünal <zoe@example.com>
            To: talk@lists.example.org
            Subject: Grüße aus Köln — ½ € für alle
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: 8bit

            Schöne Grüße, Zoë.
            """));
  }

  @Test
  void longFoldedHeaderFieldsWithOddWhiteSpaceVerify() {
    verifiesBoth(
        crlf(
            "From:   ada@example.com  \n"
                + "To: talk@lists.example.org,\n"
                + "\tbob@example.net,\n"
                + "    carol@example.net\n"
                + "SUBJECT:\t A subject that goes on  and on, long enough that it has to be folded"
                + "\n  over more than one line, with\t tabs   and spaces \n"
                + "References: <a@example.com> <b@example.com> <c@example.com>\n"
                + " <d@example.com>\n"
                + "\t<e@example.com>\n"
                + "\n"
                + "Body.\n"));
  }

  @Test
  void trailingBlankLinesAndTrailingSpacesVerify() {
    verifiesBoth(crlf("From: ada@example.com\nSubject: trailing\n\nText  \t\nmore \n\n  \n\n\n"));
  }

  @Test
  void aBodyOfOnlyALineEndVerifies() {
    verifiesBoth(crlf("From: ada@example.com\nSubject: empty\n\n\n"));
    verifiesBoth(crlf("From: ada@example.com\nSubject: none at all\n\n"));
  }

  @Test
  void bareLineFeedsAreSentAsCrlfAndVerify() {
    byte[] lf = PLAIN.getBytes(StandardCharsets.UTF_8);
    byte[] signed = signed(lf);
    assertThat(new String(signed, StandardCharsets.ISO_8859_1)).doesNotContainPattern("[^\r]\n");
    assertThat(Dkimpy.verify(signed, records))
        .allSatisfy(v -> assertThat(v.ok()).as(v.why()).isTrue());
  }

  @Test
  void theFieldsThatMatterAreOversigned() {
    String field = new DkimSigner(rsa, clock).signatureField(crlf(PLAIN));
    String h = field.replaceAll("\r\n[ \t]", "").replaceAll("(?s).*\\bh=([^;]*);.*", "$1");
    List<String> names = List.of(h.toLowerCase().split(":"));
    // present once: listed twice; absent: listed once
    assertThat(names.stream().filter("from"::equals)).hasSize(2);
    assertThat(names.stream().filter("subject"::equals)).hasSize(2);
    assertThat(names.stream().filter("cc"::equals)).hasSize(1);
    assertThat(names.stream().filter("list-unsubscribe"::equals)).hasSize(1);
    assertThat(field).startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;");
    assertThat(field).contains("d=" + DOMAIN + ";").contains("s=rsa1;");
    assertThat(field).contains("t=" + clock.instant().getEpochSecond() + ";");
  }

  @Test
  void aFromOrCcAddedAfterSigningBreaksTheSignatures() {
    byte[] signed = signed(crlf(PLAIN));
    String text = new String(signed, StandardCharsets.UTF_8);

    String secondFrom = text.replace("To: talk@", "From: mallory@example.net\r\nTo: talk@");
    assertThat(Dkimpy.verify(secondFrom.getBytes(StandardCharsets.UTF_8), records))
        .hasSize(2)
        .allSatisfy(v -> assertThat(v.ok()).isFalse());

    String addedCc = text.replace("To: talk@", "Cc: everyone@example.net\r\nTo: talk@");
    assertThat(Dkimpy.verify(addedCc.getBytes(StandardCharsets.UTF_8), records))
        .allSatisfy(v -> assertThat(v.ok()).isFalse());

    // a field nobody signs may be added on the way (a Received line): the signatures still hold
    String received = text.replace("From: Ada", "Received: from relay.example.net\r\nFrom: Ada");
    assertThat(Dkimpy.verify(received.getBytes(StandardCharsets.UTF_8), records))
        .allSatisfy(v -> assertThat(v.ok()).as(v.why()).isTrue());
  }

  @Test
  void aChangedBodyBreaksTheSignatures() {
    String text = new String(signed(crlf(PLAIN)), StandardCharsets.UTF_8);
    byte[] changed = text.replace("flowers", "weeds").getBytes(StandardCharsets.UTF_8);
    assertThat(Dkimpy.verify(changed, records)).allSatisfy(v -> assertThat(v.ok()).isFalse());
  }
}
