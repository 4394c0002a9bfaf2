package org.parley.testkit;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.parley.account.Account;
import org.parley.account.EmailAddress;
import org.parley.account.Passwords;
import org.parley.app.Settings;
import org.parley.app.Site;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.Visibility;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;

/** Builds real sites in a temporary data directory, listening on free ports of 127.0.0.1. */
public final class TestSites {
  public static final String DOMAIN = "lists.test";

  private TestSites() {}

  /**
   * Settings for {@code dir}: domain lists.test, free ports, mail captured unless a relay is given,
   * search index commits every 50 ms, so a post is searchable moments after its index job, and no
   * limit on how often one sender posts (sender_posts_per_hour and _per_minute 0).
   */
  public static Settings settings(Path dir, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    env.put("PARLEY_DOMAIN", DOMAIN);
    env.put("PARLEY_WEB_PORT", "0");
    env.put("PARLEY_SMTP_PORT", "0");
    env.put("PARLEY_SEARCH_COMMIT_MS", "50");
    // tests post many messages from one sender in moments; the storm brake's own tests set it
    env.put("PARLEY_SENDER_POSTS_PER_HOUR", "0");
    env.put("PARLEY_SENDER_POSTS_PER_MINUTE", "0");
    // no DNS look-ups about senders: the tests of sender authentication turn it on with TestDns
    env.put("PARLEY_SENDER_AUTH", "off");
    env.putAll(extra);
    return Settings.load(dir, env);
  }

  public static Site open(Path dir, Map<String, String> extra) {
    return Site.open(settings(dir, extra), Clock.systemUTC(), new Passwords(1024, 1));
  }

  /**
   * Creates a public group whose members are the given addresses (all with delivery "each"). Public
   * explicitly: new groups are private by default, and tests written against this kit read its
   * groups' pages signed out.
   */
  public static Group group(Site site, String name, String... members) {
    Group g = site.groups().create(new GroupName(name), name, "", Visibility.PUBLIC);
    for (String m : members) {
      Account a = site.accounts().ensure(EmailAddress.of(m), "");
      site.members().add(g.id(), a.id(), Role.MEMBER, DeliveryMode.EACH);
    }
    return g;
  }

  /** The corpora folder, or null when it is absent (a user's own clone). */
  public static Path corpora() {
    Path p = Path.of(System.getProperty("parley.corpora", "../shared/corpora"));
    return java.nio.file.Files.isDirectory(p) ? p : null;
  }

  /**
   * Posts a plain-text message from ada@example.com to {@code group} through the one ingest path
   * (as an SMTP session would) and fails the test unless it is archived.
   */
  public static void submit(Site site, Group group, String messageId, String subject, String body) {
    byte[] raw =
        ("From: ada@example.com\r\nTo: "
                + group.name().value()
                + "@"
                + DOMAIN
                + "\r\nSubject: "
                + subject
                + "\r\nMessage-ID: <"
                + messageId
                + ">\r\n\r\n"
                + body
                + "\r\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    org.parley.ingest.IngestResult r =
        site.ingestor()
            .submit(
                new org.parley.ingest.Submission(
                    group.name(),
                    raw,
                    new org.parley.ingest.Envelope(
                        "ada@example.com",
                        java.util.List.of(group.name().value() + "@" + DOMAIN),
                        "test"),
                    org.parley.ingest.Source.SMTP));
    if (!(r instanceof org.parley.ingest.IngestResult.Accepted)) {
      throw new AssertionError("not archived: " + r);
    }
  }
}
