package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.parley.account.Account;
import org.parley.account.EmailAddress;
import org.parley.account.Passwords;
import org.parley.app.Settings;
import org.parley.app.Site;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.Visibility;
import org.parley.ingest.Envelope;
import org.parley.ingest.IngestResult;
import org.parley.ingest.Source;
import org.parley.ingest.Submission;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;
import org.parley.moderation.Screen;
import org.parley.testkit.Corpora;
import org.parley.testkit.SmtpClient;
import org.parley.testkit.TestClock;

/** A real site on ports 0 in a temporary directory, with a hand-moved clock, for web tests. */
final class WebSite implements AutoCloseable {
  static final String PASSWORD = "violet tractor lantern 42";
  final TestClock clock = new TestClock(Instant.parse("2025-11-30T12:00:00Z"));
  final Site site;

  WebSite(Path dir) {
    this(dir, Map.of());
  }

  /**
   * A site with extra settings, such as {@code PARLEY_DB} for another store. Search commits every
   * 50 ms unless set, so a post is searchable moments after its index job.
   */
  WebSite(Path dir, Map<String, String> extra) {
    this(dir, extra, null);
  }

  /** A site with extra settings whose groups screen with {@code screen} (null: the site's own). */
  WebSite(Path dir, Map<String, String> extra, Screen screen) {
    Map<String, String> env = new java.util.HashMap<>(extra);
    env.putIfAbsent("PARLEY_SEARCH_COMMIT_MS", "50");
    // the clock stands still and tests post many times: no storm brake unless a test sets one
    env.putIfAbsent("PARLEY_SENDER_POSTS_PER_HOUR", "0");
    env.putIfAbsent("PARLEY_SENDER_POSTS_PER_MINUTE", "0");
    // no DNS look-ups about senders unless a test turns them on with its own TestDns
    env.putIfAbsent("PARLEY_SENDER_AUTH", "off");
    env.put("PARLEY_DOMAIN", "lists.test");
    env.put("PARLEY_WEB_PORT", "0");
    env.put("PARLEY_SMTP_PORT", "0");
    site = Site.open(Settings.load(dir, env), clock, new Passwords(1024, 1), screen).start();
  }

  String base() {
    return "http://127.0.0.1:" + site.webPort();
  }

  WebClient client() {
    return new WebClient(base());
  }

  Group group(String name, boolean isPublic) {
    return site.groups()
        .create(
            new GroupName(name),
            name.toUpperCase(),
            "About " + name,
            isPublic ? Visibility.PUBLIC : Visibility.PRIVATE);
  }

  Group showAddresses(Group g) {
    Group h = g.withShowAddresses(true);
    site.groups().update(h);
    return h;
  }

  Account account(String email, String name, ZoneId zone) {
    Account a = site.accounts().ensure(EmailAddress.of(email), name);
    site.accounts().setPassword(a.id(), site.passwords().hash(PASSWORD));
    site.accounts().setProfile(a.id(), name, zone);
    return site.accounts().findById(a.id()).orElseThrow();
  }

  Account member(Group g, String email, String name) {
    Account a = account(email, name, ZoneId.of("UTC"));
    site.members().add(g.id(), a.id(), Role.MEMBER, DeliveryMode.EACH);
    return a;
  }

  IngestResult.Accepted mail(String group, String raw) {
    IngestResult r =
        site.ingestor()
            .submit(
                new Submission(
                    new GroupName(group),
                    raw.replace("\r\n", "\n")
                        .replace("\n", "\r\n")
                        .getBytes(StandardCharsets.UTF_8),
                    new Envelope("mail-test@lists.test", List.of(group + "@lists.test"), "test"),
                    Source.SMTP));
    assertThat(r).isInstanceOf(IngestResult.Accepted.class);
    return (IngestResult.Accepted) r;
  }

  /** A plain message from {@code from} to the group. */
  static String message(
      String group, String from, String id, String subject, String inReplyTo, String body) {
    return "From: "
        + from
        + "\n"
        + "To: "
        + group
        + "@lists.test\n"
        + "Subject: "
        + subject
        + "\n"
        + "Date: Sun, 30 Nov 2025 11:00:00 +0000\n"
        + "Message-ID: <"
        + id
        + ">\n"
        + (inReplyTo == null
            ? ""
            : "In-Reply-To: <" + inReplyTo + ">\nReferences: <" + inReplyTo + ">\n")
        + "MIME-Version: 1.0\n"
        + "Content-Type: text/plain; charset=utf-8\n\n"
        + body
        + "\n";
  }

  /** Sends a message over real SMTP to the site's listener (RFC 5321 §3); it must be taken. */
  void smtp(String from, String to, String raw) throws Exception {
    try (SmtpClient client = new SmtpClient(site.smtpPort())) {
      SmtpClient.Reply reply =
          client.send(from, List.of(to), Corpora.crlf(raw.getBytes(StandardCharsets.UTF_8)));
      assertThat(reply.ok()).as(reply.toString()).isTrue();
    }
  }

  /**
   * Waits until the mail the web queued (private replies, forwards, sign-up links) has been handed
   * to the relay, the captured mailbox in these tests: its send-mail jobs run just after the page
   * answers.
   */
  void awaitMailSent() {
    org.parley.testkit.RelaySink.await(
        "the mail the web queued to be sent",
        java.time.Duration.ofSeconds(20),
        () ->
            site.db()
                    .jdbi()
                    .withHandle(
                        h ->
                            h.createQuery("SELECT COUNT(*) FROM outgoing_mail")
                                .mapTo(Integer.class)
                                .one())
                == 0);
  }

  /** The readable text of a captured or archived message (decoded by the site's parser). */
  static String text(byte[] raw) {
    try {
      return new org.parley.mime.MessageParser(
              org.parley.mime.Limits.defaults().withMaxBytes(50_000_000))
          .parse(raw)
          .text();
    } catch (org.parley.mime.MalformedMessageException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    site.close();
  }
}
