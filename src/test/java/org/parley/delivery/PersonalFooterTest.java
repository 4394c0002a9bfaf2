package org.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.archive.MessageId;
import org.parley.db.Database;
import org.parley.delivery.decorations.Origin;
import org.parley.delivery.decorations.PersonalLinks;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.Joining;
import org.parley.group.Posting;
import org.parley.group.ReplyTo;
import org.parley.group.Visibility;
import org.parley.member.SettingsLinks;
import org.parley.mime.Boundaries;

/**
 * The member's own links in a copy's footer (issue 19, item 2): written once per post with
 * placeholders, then each member's values put in their place byte for byte, across the soft line
 * breaks of quoted-printable, or the copy decorated for the member where the placeholders are not
 * where the footer wrote them.
 */
class PersonalFooterTest {
  private static final String ADA = "0123456789abcdef0123456789abcdef";
  private static final String BEA = "fedcba9876543210fedcba9876543210";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
  private static final Origin ORIGIN =
      new Origin(
          "ada@example.com",
          "Ada Lovelace",
          Instant.parse("2026-11-29T08:27:12Z"),
          MessageId.of("<generated-1@parley.generated>"),
          42);

  @TempDir Path dir;
  private Database db;
  private SettingsLinks links;
  private Decorator decorator;

  @BeforeEach
  void open() {
    db = Database.open("", dir);
    links = new SettingsLinks(db.jdbi(), CLOCK);
    decorator =
        new Decorator(
            "lists.example.org", () -> "https://lists.example.org", Boundaries.random(), links);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static Group group(String footer) {
    return new Group(
        1,
        new GroupName("news"),
        "News & Views",
        "",
        Visibility.PUBLIC,
        Posting.MEMBERS,
        Joining.OPEN,
        "[news]",
        ReplyTo.of("group"),
        footer,
        false,
        1 << 20,
        Instant.EPOCH);
  }

  private static byte[] golden(String name) throws IOException {
    try (InputStream in = PersonalFooterTest.class.getResourceAsStream("/delivery/" + name)) {
      return in.readAllBytes();
    }
  }

  private static MimeMessage read(byte[] copy) throws Exception {
    return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(copy));
  }

  /** Every text/plain and text/html part of a copy, decoded. */
  private static List<String> texts(Part p) throws Exception {
    List<String> out = new ArrayList<>();
    if (p.isMimeType("multipart/*")) {
      Multipart mp = (Multipart) p.getContent();
      for (int i = 0; i < mp.getCount(); i++) {
        out.addAll(texts(mp.getBodyPart(i)));
      }
    } else if (p.isMimeType("text/plain") || p.isMimeType("text/html")) {
      out.add((String) p.getContent());
    }
    return out;
  }

  private static String latin1(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  @Test
  void eachMembersCopyCarriesTheirOwnLinksInTextAndHtmlAndNoPlaceholder() throws Exception {
    CopyTemplate t =
        decorator.decorate(group("The list own footer"), golden("alternative.eml"), ORIGIN);
    assertThat(t.substitutes()).as("the links are written over the placeholders").isTrue();
    String key = links.key(ADA);
    List<String> texts = texts(read(t.copyFor(ADA)));
    assertThat(texts).hasSize(2);
    for (String text : texts) {
      assertThat(text)
          .contains("The list own footer")
          .contains("https://lists.example.org/g/news/me?k=" + key)
          .contains("https://lists.example.org/g/news/t/42/mute?k=" + key)
          .contains("https://lists.example.org/u/" + ADA)
          .doesNotContain("QxParley");
    }
    assertThat(String.join("", texts(read(t.copyFor(BEA)))))
        .contains("/me?k=" + links.key(BEA))
        .contains("/u/" + BEA)
        .doesNotContain(ADA);
  }

  @Test
  void theLinksComeEvenWithoutAFooterOfTheGroupsOwn() throws Exception {
    byte[] copy = decorator.decorate(group(""), golden("plain.eml"), ORIGIN).copyFor(ADA);
    String text = String.join("", texts(read(copy)));
    assertThat(text)
        .contains("Your mail from this group: https://lists.example.org/g/news/me?k=")
        .contains("Mute this topic: https://lists.example.org/g/news/t/42/mute?k=")
        .contains("Unsubscribe: https://lists.example.org/u/" + ADA);
  }

  @Test
  void copiesDifferOnlyWhereTheMembersValuesAre() throws Exception {
    CopyTemplate t = decorator.decorate(group(""), golden("latin1-qp.eml"), ORIGIN);
    byte[] a = t.copyFor(ADA);
    byte[] b = t.copyFor(BEA);
    assertThat(a).hasSameSizeAs(b);
    int differ = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        differ++;
      }
    }
    // at most the characters of the keys and tokens: twice in the footer (text and HTML, if both),
    // and the token twice in List-Unsubscribe
    assertThat(differ).isPositive().isLessThanOrEqualTo(4 * SettingsLinks.LENGTH + 4 * 32);
    for (String line : latin1(a).split("\r\n")) {
      assertThat(line.length()).as("a line of the copy: %s", line).isLessThanOrEqualTo(998);
    }
  }

  @Test
  void aPlaceholderSplitBySoftLineBreaksIsFilledAroundThem() {
    String key = PersonalLinks.KEY_PLACEHOLDER;
    String split =
        key.substring(0, 5) + "=\r\n" + key.substring(5, 40) + "=\r\n" + key.substring(40);
    byte[] body =
        ("text before ?k=3D" + split + " and after\r\nagain " + key + "\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    List<int[]> spots = CopyTemplate.spots(body, key);
    assertThat(spots).hasSize(2);
    String value = "v".repeat(SettingsLinks.LENGTH - 1) + "Z";
    CopyTemplate.fill(body, spots, value);
    String filled = latin1(body);
    assertThat(filled)
        .isEqualTo(
            "text before ?k=3D"
                + value.substring(0, 5)
                + "=\r\n"
                + value.substring(5, 40)
                + "=\r\n"
                + value.substring(40)
                + " and after\r\nagain "
                + value
                + "\r\n");
  }

  @Test
  void aPlaceholderBrokenOtherwiseIsNotFound() {
    String key = PersonalLinks.KEY_PLACEHOLDER;
    byte[] body =
        (key.substring(0, 5) + "\r\n" + key.substring(5)).getBytes(StandardCharsets.US_ASCII);
    assertThat(CopyTemplate.spots(body, key)).isEmpty();
  }

  @Test
  void aValueQuotedPrintableWouldEncodeIsRefused() {
    byte[] body = PersonalLinks.TOKEN_PLACEHOLDER.getBytes(StandardCharsets.US_ASCII);
    List<int[]> spots = CopyTemplate.spots(body, PersonalLinks.TOKEN_PLACEHOLDER);
    assertThatThrownBy(() -> CopyTemplate.fill(body, spots, "=".repeat(32)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void whereThePlaceholdersCannotBeFoundEachCopyIsDecoratedForItsMember() throws Exception {
    // the footer of a group that writes the word of a placeholder itself: more keys than the
    // footer's links account for, so the template cannot tell which are the links
    CopyTemplate t =
        decorator.decorate(
            group("Quoted: " + PersonalLinks.KEY_PLACEHOLDER), golden("plain.eml"), ORIGIN);
    assertThat(t.substitutes()).isFalse();
    String text = String.join("", texts(read(t.copyFor(ADA))));
    assertThat(text)
        .contains("/g/news/me?k=" + links.key(ADA))
        .contains("/u/" + ADA)
        .contains("Quoted: " + PersonalLinks.KEY_PLACEHOLDER);
  }

  @Test
  void aSignedKeyIsReadBackAndAnAlteredOneIsNot() {
    String key = links.key(ADA);
    assertThat(key).hasSize(SettingsLinks.LENGTH).matches("[A-Za-z0-9._-]+");
    assertThat(links.read(key)).isEqualTo(new SettingsLinks.Reading.Valid(ADA));
    String altered = BEA + key.substring(32);
    assertThat(links.read(altered)).isInstanceOf(SettingsLinks.Reading.Invalid.class);
    String later = key.substring(0, 33) + "9" + key.substring(34);
    assertThat(links.read(later)).isInstanceOf(SettingsLinks.Reading.Invalid.class);
    String old = links.key(ADA, CLOCK.instant().minusSeconds(1));
    assertThat(links.read(old)).isEqualTo(new SettingsLinks.Reading.Expired(ADA));
    assertThat(links.formToken(key)).isNotEqualTo(links.formToken(old));
  }
}
