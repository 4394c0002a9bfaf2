package org.parley.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Passwords;
import org.parley.app.Site;
import org.parley.archive.MessageId;
import org.parley.archive.Post;
import org.parley.group.Group;
import org.parley.ingest.IngestResult;
import org.parley.moderation.Chain;
import org.parley.moderation.HeldMessages;
import org.parley.moderation.RecordedHit;
import org.parley.moderation.Screen;
import org.parley.testkit.RelaySink;
import org.parley.testkit.SmtpClient;
import org.parley.testkit.TestSites;

/**
 * A group whose chain holds non-members' mail (issue 17, item 2; the moderation setting of issue 18
 * will make this a group's choice): the message is kept with its hits before the sender is told
 * 250, and nothing is posted or sent until it is approved; approved it takes the one path and is
 * posted once with its hits, rejected it is gone. The site's own chain answers as before.
 */
class ModerationHoldIT {
  @TempDir Path dir;
  Site site;

  Site open(Chain.Action nonmembers) {
    Screen screen =
        Screen.standard().withChains(g -> Chain.of(g).with("nonmember-post", nonmembers));
    return Site.open(
            TestSites.settings(dir, Map.of()), Clock.systemUTC(), new Passwords(1024, 1), screen)
        .start();
  }

  @AfterEach
  void stop() {
    if (site != null) {
      site.close();
    }
  }

  static byte[] message(String from, String id, String subject) {
    return ("From: "
            + from
            + "\r\nTo: news@lists.test\r\nSubject: "
            + subject
            + "\r\nMessage-ID: <"
            + id
            + ">\r\nDate: Tue, 25 Nov 2025 11:48:06 +0000\r\n\r\nHello from outside.\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  SmtpClient.Reply send(String from, byte[] raw) throws Exception {
    try (SmtpClient smtp = new SmtpClient(site.smtpPort())) {
      return smtp.send(from, List.of("news@lists.test"), raw);
    }
  }

  List<Post> posts(Group group, String id) {
    return site.reader().postsByMessageId(group.id(), MessageId.of(id));
  }

  /** The hits stored with a post, as "rule: reason", in the order the rules ran. */
  List<String> hitsOf(Post post) {
    return site.db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT rule_id, reason FROM rule_hits WHERE post_id = :p ORDER BY idx")
                    .bind("p", post.id().value())
                    .map((rs, ctx) -> rs.getString(1) + ": " + rs.getString(2))
                    .list());
  }

  int hitRows() {
    return site.db()
        .jdbi()
        .withHandle(
            h -> h.createQuery("SELECT COUNT(*) FROM rule_hits").mapTo(Integer.class).one());
  }

  boolean copyTo(String address, String subject) {
    return site.capturedMail().latest(50).stream()
        .anyMatch(e -> e.to().equals(address) && e.subject().contains(subject));
  }

  @Test
  void aHeldMessageIsKeptWithItsHitsAndAnswered250ButNeitherPostedNorSent() throws Exception {
    site = open(Chain.Action.HOLD);
    Group group = TestSites.group(site, "news", "ada@example.com", "grace@example.com");
    byte[] raw = message("zed@example.net", "held@example.net", "From outside");

    SmtpClient.Reply reply = send("zed@example.net", raw);

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    assertThat(reply.text()).contains("held for a moderator");
    List<HeldMessages.Held> held = site.held().list(Optional.empty());
    assertThat(held).hasSize(1);
    HeldMessages.Held h = held.get(0);
    assertThat(h.group()).isEqualTo(group.name());
    assertThat(h.fromAddress()).isEqualTo("zed@example.net");
    assertThat(h.subject()).isEqualTo("From outside");
    assertThat(h.origin().mailFrom()).isEqualTo("zed@example.net");
    assertThat(h.origin().recipients()).containsExactly("news@lists.test");
    assertThat(h.origin().source()).isEqualTo("smtp");
    assertThat(h.hits())
        .containsExactly(
            new RecordedHit(
                "nonmember-post",
                "zed@example.net is not a member of news@lists.test, and only members may post"
                    + " to it. Join the group first, then send again."));
    assertThat(site.held().raw(h)).isEqualTo(raw);
    assertThat(posts(group, "held@example.net")).isEmpty();
    assertThat(site.held().list(Optional.of(group.name()))).hasSize(1);

    // a sender that did not see the 250 and sends again is told the same, and it is held once
    assertThat(send("zed@example.net", raw).text()).contains("held for a moderator");
    assertThat(site.held().list(Optional.empty())).hasSize(1);

    // members' mail flows meanwhile, with no hit to store
    assertThat(send("ada@example.com", message("ada@example.com", "m@example.com", "Member")).ok())
        .isTrue();
    RelaySink.await(
        "Grace's copy of Ada's post",
        Duration.ofSeconds(20),
        () -> copyTo("grace@example.com", "Member"));
    assertThat(hitsOf(posts(group, "m@example.com").get(0))).isEmpty();
    assertThat(copyTo("grace@example.com", "From outside")).isFalse();
    assertThat(posts(group, "held@example.net")).isEmpty();
  }

  @Test
  void anApprovedMessageIsPostedOnceWithItsHitsAndSentToTheMembers() throws Exception {
    site = open(Chain.Action.HOLD);
    Group group = TestSites.group(site, "news", "ada@example.com", "grace@example.com");
    byte[] raw = message("zed@example.net", "held@example.net", "From outside");
    assertThat(send("zed@example.net", raw).ok()).isTrue();
    long id = site.held().list(Optional.empty()).get(0).id();

    IngestResult approved = site.ingestor().approve(id);

    assertThat(approved)
        .isInstanceOfSatisfying(
            IngestResult.Accepted.class, a -> assertThat(a.duplicate()).isFalse());
    List<Post> posts = posts(group, "held@example.net");
    assertThat(posts).hasSize(1);
    assertThat(site.reader().raw(posts.get(0))).isEqualTo(raw);
    String source =
        site.db()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT source FROM posts WHERE id = :p")
                        .bind("p", posts.get(0).id().value())
                        .mapTo(String.class)
                        .one());
    assertThat(source).isEqualTo("approval");
    assertThat(hitsOf(posts.get(0)))
        .containsExactly(
            "nonmember-post: zed@example.net is not a member of news@lists.test, and only members"
                + " may post to it. Join the group first, then send again.");
    assertThat(site.held().list(Optional.empty())).isEmpty();
    RelaySink.await("the purge job run", Duration.ofSeconds(20), () -> site.jobs().idle());
    // the post refers to the same bytes: they stay
    assertThat(site.reader().raw(posts.get(0))).isEqualTo(raw);
    RelaySink.await(
        "Grace's copy of the approved post",
        Duration.ofSeconds(20),
        () -> copyTo("grace@example.com", "From outside"));
    RelaySink.await(
        "Ada's copy of the approved post",
        Duration.ofSeconds(20),
        () -> copyTo("ada@example.com", "From outside"));

    // approving twice finds nothing to approve, and posts nothing again
    assertThatThrownBy(() -> site.ingestor().approve(id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no held message " + id);
    assertThat(posts(group, "held@example.net")).hasSize(1);
    assertThat(hitRows()).isEqualTo(1);
  }

  @Test
  void aRejectedMessageIsDroppedAndNeverPosted() throws Exception {
    site = open(Chain.Action.HOLD);
    Group group = TestSites.group(site, "news", "ada@example.com");
    assertThat(send("zed@example.net", message("zed@example.net", "r@example.net", "Spam")).ok())
        .isTrue();
    HeldMessages.Held spam = site.held().list(Optional.empty()).get(0);
    long id = spam.id();

    assertThat(site.held().remove(id)).isTrue();
    // its bytes leave the data directory too: nothing else needs them
    RelaySink.await(
        "the rejected message's bytes deleted",
        Duration.ofSeconds(20),
        () -> {
          try {
            site.blobs().get(spam.rawSha256());
            return false;
          } catch (java.io.IOException gone) {
            return true;
          }
        });

    assertThat(site.held().list(Optional.empty())).isEmpty();
    assertThat(site.held().find(id)).isEmpty();
    assertThat(hitRows()).isZero();
    assertThat(posts(group, "r@example.net")).isEmpty();
    assertThat(site.held().remove(id)).isFalse();
    assertThatThrownBy(() -> site.ingestor().approve(id))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aHeldMessageSurvivesARestartAndIsApprovedAfterIt() throws Exception {
    site = open(Chain.Action.HOLD);
    Group group = TestSites.group(site, "news", "ada@example.com", "grace@example.com");
    byte[] raw = message("zed@example.net", "later@example.net", "Patience");
    assertThat(send("zed@example.net", raw).ok()).isTrue();
    long id = site.held().list(Optional.empty()).get(0).id();

    site.close();
    site = open(Chain.Action.HOLD);
    assertThat(site.held().find(id)).isPresent();
    assertThat(site.ingestor().approve(id)).isInstanceOf(IngestResult.Accepted.class);

    assertThat(posts(group, "later@example.net")).hasSize(1);
    RelaySink.await(
        "Grace's copy of the approved post",
        Duration.ofSeconds(20),
        () -> copyTo("grace@example.com", "Patience"));
  }

  @Test
  void aChainThatRecordsAHitPostsTheMessageWithItInTheSameCommit() throws Exception {
    site = open(Chain.Action.RECORD);
    Group group = TestSites.group(site, "news", "ada@example.com");
    assertThat(send("zed@example.net", message("zed@example.net", "rec@example.net", "Noted")).ok())
        .isTrue();

    List<Post> posts = posts(group, "rec@example.net");
    assertThat(posts).hasSize(1);
    assertThat(hitsOf(posts.get(0))).singleElement().asString().startsWith("nonmember-post: ");
    assertThat(site.held().list(Optional.empty())).isEmpty();
  }

  @Test
  void theSitesChainAnswersAsBefore() throws Exception {
    site =
        Site.open(TestSites.settings(dir, Map.of()), Clock.systemUTC(), new Passwords(1024, 1))
            .start();
    Group group = TestSites.group(site, "news", "ada@example.com");

    SmtpClient.Reply refused =
        send("zed@example.net", message("zed@example.net", "no@example.net", "From outside"));
    assertThat(refused.code()).isEqualTo(550);
    assertThat(refused.text().strip())
        .isEqualTo(
            "5.7.1 zed@example.net is not a member of news@lists.test, and only members may post"
                + " to it. Join the group first, then send again.");
    SmtpClient.Reply looped =
        send(
            "ada@example.com",
            ("List-Id: News <news.lists.test>\r\n"
                    + new String(
                        message("ada@example.com", "loop@example.com", "Again"),
                        StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
    assertThat(looped.code()).isEqualTo(250);
    SmtpClient.Reply hops =
        send(
            "ada@example.com",
            ("Received: from a by b\r\n".repeat(51)
                    + new String(
                        message("ada@example.com", "hops@example.com", "Round"),
                        StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
    assertThat(hops.code()).isEqualTo(554);
    assertThat(hops.text()).startsWith("5.4.6 The message has passed through 51 mail servers");

    assertThat(posts(group, "no@example.net")).isEmpty();
    assertThat(posts(group, "loop@example.com")).isEmpty();
    assertThat(posts(group, "hops@example.com")).isEmpty();
    assertThat(site.held().list(Optional.empty())).isEmpty();
    assertThat(hitRows()).isZero();
  }
}
