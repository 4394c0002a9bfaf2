package org.parley.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.app.Site;
import org.parley.archive.MessageId;
import org.parley.group.Group;
import org.parley.group.Moderation;
import org.parley.group.Posting;
import org.parley.ingest.IngestResult;
import org.parley.moderation.HeldMessages;
import org.parley.moderation.RecordedHit;
import org.parley.testkit.RelaySink;
import org.parley.testkit.SmtpClient;
import org.parley.testkit.TestSites;

/**
 * A group's moderation setting (issue 18, item 4), each value over SMTP with the site's own rules:
 * what it holds is answered 250 and kept for a moderator, neither archived nor sent; what it does
 * not hold is posted or refused as without it. A change takes effect at once, while the site runs.
 */
class ModerationSettingIT {
  @TempDir Path dir;
  Site site;
  Group group;

  @BeforeEach
  void start() {
    site = TestSites.open(dir, Map.of()).start();
    group = TestSites.group(site, "news", "ada@example.com", "grace@example.com");
  }

  @AfterEach
  void stop() {
    site.close();
  }

  void set(Moderation moderation, int first) {
    group = group.withModeration(moderation, first);
    site.groups().update(group);
  }

  void anyoneMayPost() {
    group = group.withPosting(Posting.ANYONE, group.replyTo());
    site.groups().update(group);
  }

  SmtpClient.Reply send(String from, String id, String subject) throws Exception {
    byte[] raw =
        ("From: "
                + from
                + "\r\nTo: news@lists.test\r\nSubject: "
                + subject
                + "\r\nMessage-ID: <"
                + id
                + ">\r\nDate: Tue, 25 Nov 2025 11:48:06 +0000\r\n\r\nHello.\r\n")
            .getBytes(StandardCharsets.UTF_8);
    try (SmtpClient smtp = new SmtpClient(site.smtpPort())) {
      return smtp.send(from, List.of("news@lists.test"), raw);
    }
  }

  boolean archived(String id) {
    return !site.reader().postsByMessageId(group.id(), MessageId.of(id)).isEmpty();
  }

  /** The held message with this subject, if any. */
  Optional<HeldMessages.Held> held(String subject) {
    return site.held().list(Optional.of(group.name())).stream()
        .filter(h -> h.subject().equals(subject))
        .findFirst();
  }

  void assertHeld(SmtpClient.Reply reply, String id, String subject, String rule) {
    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    assertThat(reply.text()).contains("held for a moderator");
    assertThat(held(subject))
        .hasValueSatisfying(
            h -> assertThat(h.hits()).extracting(RecordedHit::rule).containsExactly(rule));
    assertThat(archived(id)).isFalse();
  }

  void assertPosted(SmtpClient.Reply reply, String id, String subject) {
    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    assertThat(reply.text()).doesNotContain("held");
    assertThat(archived(id)).isTrue();
    assertThat(held(subject)).isEmpty();
  }

  @Test
  void noneHoldsNothingAndIsANewGroupsDefault() throws Exception {
    assertThat(group.moderation()).isEqualTo(Moderation.NONE);
    assertThat(group.moderateFirst()).isEqualTo(1);

    assertPosted(send("ada@example.com", "m1@example.com", "First"), "m1@example.com", "First");
    assertThat(send("zed@example.net", "n1@example.net", "Outside").code()).isEqualTo(550);
    anyoneMayPost();
    assertPosted(send("zed@example.net", "n2@example.net", "Open"), "n2@example.net", "Open");
    assertThat(site.held().list(Optional.empty())).isEmpty();
  }

  @Test
  void nonMembersAreHeldWhereTheyWouldBeRefusedOrPostedAndMembersPost() throws Exception {
    set(Moderation.NON_MEMBERS, 1);

    // a group where members post: held rather than refused
    assertHeld(
        send("zed@example.net", "n1@example.net", "Outside"),
        "n1@example.net",
        "Outside",
        "nonmember-post");
    assertThat(held("Outside").orElseThrow().hits().get(0).reason())
        .isEqualTo(
            "zed@example.net is not a member of news@lists.test, whose moderators approve posts"
                + " from non-members.");
    // a group anyone may post to: held rather than posted
    anyoneMayPost();
    assertHeld(
        send("zed@example.net", "n2@example.net", "Buy now"),
        "n2@example.net",
        "Buy now",
        "nonmember-post");
    assertPosted(send("ada@example.com", "m1@example.com", "Member"), "m1@example.com", "Member");

    // approved, it reaches the members
    assertThat(site.ingestor().approve(held("Outside").orElseThrow().id()))
        .isInstanceOf(IngestResult.Accepted.class);
    RelaySink.await(
        "Grace's copy of the approved post",
        Duration.ofSeconds(20),
        () ->
            site.capturedMail().latest(50).stream()
                .anyMatch(
                    e -> e.to().equals("grace@example.com") && e.subject().contains("Outside")));
  }

  @Test
  void newMembersFirstPostsAreHeldUntilAModeratorHasApprovedThem() throws Exception {
    set(Moderation.NEW_MEMBERS, 2);

    assertHeld(
        send("ada@example.com", "a1@example.com", "One"),
        "a1@example.com",
        "One",
        "member-moderation");
    assertThat(held("One").orElseThrow().hits().get(0).reason())
        .isEqualTo(
            "ada@example.com is a new member of news@lists.test with no posts yet; a moderator"
                + " approves a new member's first 2 posts.");
    assertThat(site.ingestor().approve(held("One").orElseThrow().id()))
        .isInstanceOf(IngestResult.Accepted.class);
    assertThat(archived("a1@example.com")).isTrue();

    assertHeld(
        send("ada@example.com", "a2@example.com", "Two"),
        "a2@example.com",
        "Two",
        "member-moderation");
    assertThat(site.ingestor().approve(held("Two").orElseThrow().id()))
        .isInstanceOf(IngestResult.Accepted.class);

    // two approved: Ada's posts go straight through now, while Grace's first is still held
    assertPosted(send("ada@example.com", "a3@example.com", "Three"), "a3@example.com", "Three");
    assertHeld(
        send("grace@example.com", "g1@example.com", "Hello"),
        "g1@example.com",
        "Hello",
        "member-moderation");
    // non-members are refused as before in a group where members post
    assertThat(send("zed@example.net", "n1@example.net", "Outside").code()).isEqualTo(550);
  }

  @Test
  void everyoneHoldsEveryPostTheMembersToo() throws Exception {
    set(Moderation.EVERYONE, 1);

    assertHeld(
        send("ada@example.com", "a1@example.com", "Mine"),
        "a1@example.com",
        "Mine",
        "moderate-all");
    // a non-member of a group where members post is still refused at the door, not held
    assertThat(send("zed@example.net", "n1@example.net", "Outside").code()).isEqualTo(550);
    anyoneMayPost();
    assertHeld(
        send("zed@example.net", "n2@example.net", "Open"),
        "n2@example.net",
        "Open",
        "moderate-all");

    // approved, it is posted; the setting taken back, posts flow again at once
    assertThat(site.ingestor().approve(held("Mine").orElseThrow().id()))
        .isInstanceOf(IngestResult.Accepted.class);
    assertThat(archived("a1@example.com")).isTrue();
    set(Moderation.NONE, 1);
    assertPosted(send("ada@example.com", "a2@example.com", "Free"), "a2@example.com", "Free");
  }
}
