package org.parley.delivery.decorations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.delivery.decorations.TestCopies.ADDRESSES;
import static org.parley.delivery.decorations.TestCopies.ORIGIN;
import static org.parley.delivery.decorations.TestCopies.header;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.parley.group.FromRewriting;
import org.parley.group.FromRewriting.AuthorIn;
import org.parley.group.FromRewriting.Style;
import org.parley.group.FromRewriting.When;
import org.parley.group.Group;
import org.parley.mailauth.DmarcPolicy;
import org.parley.mailauth.DmarcRecord;
import org.parley.mime.EditableMessage;

/**
 * Copies of a post from an author whose domain publishes a strict DMARC policy come from the
 * group's address, with the author recoverable; other copies keep the author's From.
 */
class FromRewritingTest {
  /** example.com (the test origin's domain) publishes p=reject, example.net p=none. */
  static final AuthorPolicies POLICIES =
      domain ->
          switch (domain) {
            case "example.com" -> published("v=DMARC1; p=reject", domain);
            case "example.net" -> published("v=DMARC1; p=none", domain);
            case "broken.example" -> new DmarcPolicy.Unknown("timed out");
            default -> new DmarcPolicy.Unpublished();
          };

  static DmarcPolicy published(String record, String domain) {
    return new DmarcPolicy.Published(DmarcRecord.parse(record).get(), domain, false);
  }

  static EditableMessage post() throws Exception {
    return TestCopies.message(
        "From: Ada Lovelace <ada@example.com>",
        "To: news@lists.example.org",
        "Subject: Engines",
        "Message-ID: <1@example.com>",
        "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s; bh=x; b=y",
        "Content-Type: text/plain; charset=us-ascii",
        "",
        "Hello.");
  }

  static EditableMessage decorate(Group group, Origin origin, EditableMessage copy)
      throws Exception {
    Supplier<String> base = () -> TestCopies.BASE_URL;
    List<Decoration> all = Decorations.standard(ADDRESSES, base, () -> "=_b", null, POLICIES);
    for (Decoration d : all) {
      d.apply(group, origin, copy);
    }
    return copy;
  }

  static Group group(String replyTo, FromRewriting rewriting) {
    return TestCopies.group("News", replyTo, "[news]", "").edit().fromRewriting(rewriting).build();
  }

  @Test
  void aPostFromAStrictDomainComesFromTheGroupWithTheAuthorInReplyToAndXOriginalFrom()
      throws Exception {
    String h = header(decorate(group("author", FromRewriting.DEFAULT), ORIGIN, post()));
    assertThat(h)
        .contains("From: 'Ada Lovelace' via News <news@lists.example.org>\r\n")
        .contains("X-Original-From: Ada Lovelace <ada@example.com>\r\n")
        .contains("Reply-To: Ada Lovelace <ada@example.com>\r\n")
        .doesNotContain("\nFrom: Ada Lovelace <ada@example.com>\r\n")
        .startsWith("From: 'Ada Lovelace' via News <news@lists.example.org>\r\n")
        .doesNotContain("DKIM-Signature");
  }

  @Test
  void whenRepliesGoToTheGroupTheAuthorGoesInCc() throws Exception {
    String h = header(decorate(group("group", FromRewriting.DEFAULT), ORIGIN, post()));
    assertThat(h)
        .contains("From: 'Ada Lovelace' via News <news@lists.example.org>\r\n")
        .contains("Reply-To: <news@lists.example.org>\r\n")
        .contains("Cc: Ada Lovelace <ada@example.com>\r\n");
  }

  @Test
  void theOwnerMayPutTheAuthorInCcAndKeepsCcAlreadyThere() throws Exception {
    EditableMessage copy =
        TestCopies.message(
            "From: Ada Lovelace <ada@example.com>",
            "To: news@lists.example.org",
            "Cc: Grace <grace@example.org>",
            "Subject: Engines",
            "",
            "Hello.");
    String h =
        header(
            decorate(group("author", FromRewriting.DEFAULT.authorIn(AuthorIn.CC)), ORIGIN, copy));
    assertThat(h)
        .contains("Cc: Grace <grace@example.org>, Ada Lovelace <ada@example.com>\r\n")
        .doesNotContain("Reply-To:");
  }

  @Test
  void theAuthorsOwnReplyToIsKept() throws Exception {
    EditableMessage copy =
        TestCopies.message(
            "From: Ada Lovelace <ada@example.com>",
            "Reply-To: <ada@home.example>",
            "Subject: Engines",
            "",
            "Hello.");
    String h = header(decorate(group("author", FromRewriting.DEFAULT), ORIGIN, copy));
    assertThat(h).contains("Reply-To: <ada@home.example>\r\n").doesNotContain("Reply-To: Ada");
  }

  @Test
  void aPostFromADomainWithPolicyNoneOrNoRecordKeepsItsFrom() throws Exception {
    for (String address : List.of("ann@example.net", "ann@nodmarc.example")) {
      Origin origin =
          new Origin(address, "Ann", ORIGIN.date(), ORIGIN.messageId(), ORIGIN.topicId());
      EditableMessage copy =
          TestCopies.message("From: Ann <" + address + ">", "Subject: Hi", "", "Hello.");
      String h = header(decorate(group("group", FromRewriting.DEFAULT), origin, copy));
      assertThat(h).contains("From: Ann <" + address + ">\r\n").doesNotContain("X-Original-From");
    }
  }

  @Test
  void aPolicyThatCouldNotBeLookedUpIsTakenAsStrict() throws Exception {
    Origin origin =
        new Origin("bo@broken.example", "", ORIGIN.date(), ORIGIN.messageId(), ORIGIN.topicId());
    EditableMessage copy =
        TestCopies.message("From: bo@broken.example", "Subject: Hi", "", "Hello.");
    String h = header(decorate(group("group", FromRewriting.DEFAULT), origin, copy));
    assertThat(h)
        .contains("From: \"'bo@broken.example' via News\" <news@lists.example.org>\r\n")
        .contains("X-Original-From: bo@broken.example\r\n");
  }

  @Test
  void aDomainWhoseHostRefusesItsUnauthenticatedMailIsRewrittenWhateverItPublishes()
      throws Exception {
    AuthorPolicies gmail =
        POLICIES.strictAlso(d -> d.equals("gmail.com") || d.endsWith(".gmail.com"));
    Origin origin =
        new Origin("ann@gmail.com", "Ann", ORIGIN.date(), ORIGIN.messageId(), ORIGIN.topicId());
    Group g = group("author", FromRewriting.DEFAULT);
    assertThat(gmail.rewrite(g, origin)).isTrue();
    assertThat(POLICIES.rewrite(g, origin)).isFalse();
    Origin relaxed =
        new Origin("ann@example.net", "Ann", ORIGIN.date(), ORIGIN.messageId(), ORIGIN.topicId());
    assertThat(gmail.rewrite(g, relaxed)).isFalse();
    assertThat(gmail.rewrite(g, ORIGIN)).isTrue();
    assertThat(gmail.rewrite(group("author", FromRewriting.DEFAULT.when(When.NEVER)), origin))
        .isFalse();
  }

  @Test
  void alwaysRewritesEveryAuthorAndNeverNone() throws Exception {
    Origin relaxed =
        new Origin("ann@example.net", "Ann", ORIGIN.date(), ORIGIN.messageId(), ORIGIN.topicId());
    EditableMessage copy = TestCopies.message("From: Ann <ann@example.net>", "", "Hello.");
    assertThat(
            header(
                decorate(group("group", FromRewriting.DEFAULT.when(When.ALWAYS)), relaxed, copy)))
        .contains("From: 'Ann' via News <news@lists.example.org>\r\n");
    assertThat(
            header(
                decorate(group("group", FromRewriting.DEFAULT.when(When.NEVER)), ORIGIN, post())))
        .contains("From: Ada Lovelace <ada@example.com>\r\n")
        .doesNotContain("X-Original-From");
  }

  @Test
  void wrappingAttachesThePostWholeWithItsSignatureAndTheOuterComesFromTheGroup() throws Exception {
    EditableMessage copy =
        decorate(group("author", FromRewriting.DEFAULT.style(Style.WRAP)), ORIGIN, post());
    String h = header(copy);
    String body = new String(copy.body(), StandardCharsets.ISO_8859_1);
    assertThat(h)
        .contains("From: 'Ada Lovelace' via News <news@lists.example.org>\r\n")
        .contains("Content-Type: multipart/mixed; boundary=\"=_b\"\r\n")
        .contains("Subject: [news] Engines\r\n")
        .doesNotContain("DKIM-Signature");
    assertThat(body)
        .contains("Content-Type: message/rfc822\r\n")
        .contains(
            "From: Ada Lovelace <ada@example.com>\r\nTo: news@lists.example.org\r\n"
                + "Subject: Engines\r\nMessage-ID: <1@example.com>\r\n"
                + "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s; bh=x; b=y\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n\r\nHello.\r\n")
        .endsWith("--=_b--\r\n");
  }
}
