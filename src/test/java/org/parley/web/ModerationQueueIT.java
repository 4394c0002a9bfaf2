package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.testkit.RelaySink.await;
import static org.parley.testkit.RelaySink.freePort;
import static org.parley.testkit.RelaySink.greenMail;
import static org.parley.testkit.RelaySink.inbox;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.archive.MessageId;
import org.parley.group.Group;
import org.parley.group.Moderation;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;
import org.parley.moderation.HeldMessages;
import org.parley.testkit.SmtpClient;

/**
 * The moderation queue on the web (issue 18, item 4): a non-member's mail to a group that moderates
 * non-members is held (SMTP 250), shown at {@code /g/<group>/pending} to its owner with the reason
 * and the text, and approved there reaches the members through the relay (GreenMail) and the
 * archive; rejected, its sender is mailed the reason; discarded, nothing is left. Nobody but the
 * group's owners, managers and site admins sees the page or acts on it: everyone else gets the 404
 * of a group they may not see, for the page and every action.
 */
class ModerationQueueIT {
  @TempDir Path dir;
  GreenMail relay;
  WebSite web;
  Group news;

  @BeforeEach
  void start() {
    relay = greenMail(freePort());
    web = new WebSite(dir, Map.of("PARLEY_RELAY", "smtp://127.0.0.1:" + relay.getSmtp().getPort()));
    news = web.group("news", true).withModeration(Moderation.NON_MEMBERS, 1);
    web.site.groups().update(news);
    Account owner = web.account("owen@example.com", "Owen Owner", java.time.ZoneId.of("UTC"));
    web.site.members().add(news.id(), owner.id(), Role.OWNER, DeliveryMode.NONE);
    web.member(news, "ada@example.com", "Ada Lovelace");
    web.member(news, "grace@example.com", "Grace Hopper");
  }

  @AfterEach
  void stop() {
    web.close();
    relay.stop();
  }

  WebClient signedIn(String email) {
    WebClient c = web.client();
    c.login(email, WebSite.PASSWORD);
    return c;
  }

  /** Sends a non-member's message over SMTP; it must be answered 250 and held. */
  long holdFromOutside(String id, String subject, String body) throws Exception {
    String raw =
        WebSite.message("news", "Zed Outsider <zed@example.net>", id, subject, null, body)
            .replace("\n", "\r\n");
    try (SmtpClient smtp = new SmtpClient(web.site.smtpPort())) {
      SmtpClient.Reply reply =
          smtp.send(
              "zed@example.net",
              List.of("news@lists.test"),
              raw.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
      assertThat(reply.text()).contains("held for a moderator");
    }
    return web.site.held().list(Optional.of(news.name())).stream()
        .filter(h -> h.subject().equals(subject))
        .findFirst()
        .orElseThrow()
        .id();
  }

  HttpResponse<String> act(WebClient c, long id, String action, Map<String, String> form) {
    return c.submit("/g/news/", "/g/news/pending/" + id + "/" + action, form);
  }

  boolean archived(String id) {
    return !web.site.reader().postsByMessageId(news.id(), MessageId.of(id)).isEmpty();
  }

  @Test
  void aHeldPostIsShownWithItsReasonAndApprovedReachesTheMembersAndTheArchive() throws Exception {
    long id =
        holdFromOutside(
            "buy@example.net",
            "Cheap watches",
            "Hello group,\n\n> quoted line\n\nVisit https://example.net/<script>alert(1)</script>");
    assertThat(archived("buy@example.net")).isFalse();

    WebClient owen = signedIn("owen@example.com");
    assertThat(owen.get("/g/news/").body())
        .contains("href=\"/g/news/pending\"")
        .contains("Pending messages (1)");
    HttpResponse<String> page = owen.get("/g/news/pending");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("Cheap watches")
        .contains("zed@example.net")
        .contains("<code>nonmember-post</code>")
        .contains(
            "zed@example.net is not a member of news@lists.test, whose moderators approve posts"
                + " from non-members.")
        // rendered as a post is: text escaped, links made, quotes folded
        .contains("<div class=\"body text")
        .contains("show quoted text")
        .contains("&lt;script&gt;")
        .doesNotContain("<script>alert(1)")
        .contains("<time datetime=\"");

    HttpResponse<String> approved = act(owen, id, "approve", Map.of());
    assertThat(approved.statusCode()).isEqualTo(303);
    assertThat(approved.headers().firstValue("Location")).hasValue("/g/news/pending?done=approved");
    assertThat(owen.get("/g/news/pending?done=approved").body())
        .contains("Approved: the post is in the archive and on its way to the members.")
        .contains("No messages are waiting.");
    assertThat(archived("buy@example.net")).isTrue();
    await(
        "the members' copies at the relay",
        Duration.ofSeconds(20),
        () -> {
          try {
            return inbox(relay, "ada@example.com").length >= 1
                && inbox(relay, "grace@example.com").length >= 1;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    for (String member : List.of("ada@example.com", "grace@example.com")) {
      MimeMessage[] copies = inbox(relay, member);
      assertThat(copies).hasSize(1);
      assertThat(copies[0].getSubject()).contains("Cheap watches");
    }
    // its sender heard only that it waited (review/HeldReceipts), once
    await("the jobs to settle", Duration.ofSeconds(20), () -> web.site.jobs().idle());
    // (or nothing, when the approval came before that notice's job ran)
    assertThat(subjects("zed@example.net"))
        .hasSizeLessThanOrEqualTo(1)
        .allMatch(s -> s.equals("Waiting for a moderator: Cheap watches"));

    // approving twice is harmless: nothing is posted or sent again
    HttpResponse<String> again = act(owen, id, "approve", Map.of());
    assertThat(again.statusCode()).isEqualTo(303);
    assertThat(again.headers().firstValue("Location")).hasValue("/g/news/pending?done=gone");
    assertThat(web.site.reader().postsByMessageId(news.id(), MessageId.of("buy@example.net")))
        .hasSize(1);
    assertThat(owen.get("/g/news/").body()).contains("Pending messages (0)");
  }

  @Test
  void aRejectedPostIsDroppedAndItsSenderMailedTheReason() throws Exception {
    long id = holdFromOutside("ad@example.net", "Advert", "Buy now.");
    WebClient owen = signedIn("owen@example.com");

    HttpResponse<String> noReason = act(owen, id, "reject", Map.of("reason", "  "));
    assertThat(noReason.statusCode()).isEqualTo(422);
    assertThat(noReason.body()).contains("Write a reason to reject a message");
    assertThat(web.site.held().find(id)).isPresent();

    HttpResponse<String> rejected =
        act(owen, id, "reject", Map.of("reason", "Adverts are not welcome here."));
    assertThat(rejected.statusCode()).isEqualTo(303);
    assertThat(rejected.headers().firstValue("Location")).hasValue("/g/news/pending?done=rejected");
    assertThat(web.site.held().find(id)).isEmpty();
    assertThat(archived("ad@example.net")).isFalse();

    await(
        "the notice to the sender",
        Duration.ofSeconds(20),
        () -> {
          try {
            return subjects("zed@example.net").contains("Not posted to NEWS: Advert");
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    MimeMessage notice = null;
    for (MimeMessage m : inbox(relay, "zed@example.net")) {
      if (m.getSubject().startsWith("Not posted")) {
        notice = m;
      }
    }
    assertThat(notice.getSubject()).isEqualTo("Not posted to NEWS: Advert");
    assertThat(notice.getHeader("Auto-Submitted")).containsExactly("auto-replied");
    assertThat(notice.getHeader("In-Reply-To")).containsExactly("<ad@example.net>");
    assertThat(notice.getFrom()[0].toString()).contains("news-owner@lists.test");
    assertThat(WebSite.text(toBytes(notice)))
        .contains("Advert")
        .contains("  Adverts are not welcome here.")
        .contains("news-owner@lists.test");
    // nobody else heard of it: its sender was told it waited, and the owner that it did
    await("the jobs to settle", Duration.ofSeconds(20), () -> web.site.jobs().idle());
    // (each of those notices only if its job ran before the rejection)
    assertThat(subjects("zed@example.net"))
        .contains("Not posted to NEWS: Advert")
        .allMatch(s -> s.equals("Not posted to NEWS: Advert") || s.startsWith("Waiting for"));
    assertThat(subjects("owen@example.com"))
        .allMatch(s -> s.equals("1 message waits for the moderators of NEWS: Advert"));
    assertThat(inbox(relay, "ada@example.com")).isEmpty();
    assertThat(inbox(relay, "grace@example.com")).isEmpty();
    assertThat(owen.get("/g/news/pending?done=rejected").body())
        .contains("Rejected: its sender is mailed your reason.");
  }

  @Test
  void aDiscardedPostLeavesNothingAndNobodyIsTold() throws Exception {
    long id = holdFromOutside("spam@example.net", "Spam", "Spam spam spam.");
    WebClient owen = signedIn("owen@example.com");

    HttpResponse<String> discarded = act(owen, id, "discard", Map.of());
    assertThat(discarded.statusCode()).isEqualTo(303);
    assertThat(discarded.headers().firstValue("Location"))
        .hasValue("/g/news/pending?done=discarded");
    assertThat(web.site.held().list(Optional.empty())).isEmpty();
    assertThat(archived("spam@example.net")).isFalse();
    int hitRows =
        web.site
            .db()
            .jdbi()
            .withHandle(
                h -> h.createQuery("SELECT COUNT(*) FROM rule_hits").mapTo(Integer.class).one());
    assertThat(hitRows).isZero();
    // the jobs ran and sent no copy: only the notices of its holding went
    await("the jobs to settle", Duration.ofSeconds(20), () -> web.site.jobs().idle());
    assertThat(inbox(relay, "ada@example.com")).isEmpty();
    assertThat(inbox(relay, "grace@example.com")).isEmpty();
    assertThat(subjects("zed@example.net")).allMatch(s -> s.startsWith("Waiting for"));
    assertThat(act(owen, id, "discard", Map.of()).headers().firstValue("Location"))
        .hasValue("/g/news/pending?done=gone");
  }

  @Test
  void nobodyButTheGroupsModeratorsSeesTheQueueOrActsOnIt() throws Exception {
    long id = holdFromOutside("q@example.net", "Question", "Anyone there?");
    Group other = web.group("other", true);
    web.member(other, "olga@example.com", "Olga Other");
    Account otherOwner = web.account("oscar@example.com", "Oscar", java.time.ZoneId.of("UTC"));
    web.site.members().add(other.id(), otherOwner.id(), Role.OWNER, DeliveryMode.EACH);

    WebClient ada = signedIn("ada@example.com"); // a member of news, not a moderator
    WebClient olga = signedIn("olga@example.com"); // a member of another group
    WebClient oscar = signedIn("oscar@example.com"); // the owner of another group
    WebClient visitor = web.client(); // signed out
    // a signed-out visitor is asked to sign in, whatever the group: that says nothing of it
    assertThat(visitor.get("/g/news/pending").statusCode()).isEqualTo(303);
    assertThat(visitor.get("/g/news/pending").headers().firstValue("Location").orElseThrow())
        .startsWith("/login?next=");
    assertThat(visitor.get("/g/nosuch/pending").statusCode()).isEqualTo(303);
    for (WebClient c : List.of(ada, olga, oscar, visitor)) {
      assertThat(c.get("/g/news/").body()).doesNotContain("/g/news/pending");
      // a form the site's CSRF check takes: a signed-out visitor's comes from the sign-in page
      String page = c == visitor ? "/login" : "/g/news/";
      for (String action : List.of("approve", "reject", "discard")) {
        HttpResponse<String> r =
            c.submit(page, "/g/news/pending/" + id + "/" + action, Map.of("reason", "No."));
        assertThat(r.statusCode()).as(action).isEqualTo(c == visitor ? 403 : 404);
      }
    }
    for (WebClient c : List.of(ada, olga, oscar)) {
      assertThat(c.get("/g/news/pending").statusCode()).isEqualTo(404);
    }
    // the owner of another group cannot reach this one's message through their own queue
    for (String action : List.of("approve", "reject", "discard")) {
      assertThat(
              oscar
                  .submit(
                      "/g/other/", "/g/other/pending/" + id + "/" + action, Map.of("reason", "x"))
                  .headers()
                  .firstValue("Location"))
          .hasValue("/g/other/pending?done=gone");
    }
    // an unknown group answers a stranger the same 404
    assertThat(ada.get("/g/nosuch/pending").statusCode()).isEqualTo(404);
    HeldMessages.Held still = web.site.held().find(id).orElseThrow();
    assertThat(still.subject()).isEqualTo("Question");
    assertThat(archived("q@example.net")).isFalse();

    // a manager and a site admin may
    Account manager = web.account("mia@example.com", "Mia", java.time.ZoneId.of("UTC"));
    web.site.members().add(news.id(), manager.id(), Role.MANAGER, DeliveryMode.EACH);
    assertThat(signedIn("mia@example.com").get("/g/news/pending").body()).contains("Question");
    Account admin = web.account("root@example.com", "Root", java.time.ZoneId.of("UTC"));
    web.site.accounts().setSiteAdmin(admin.id(), true);
    assertThat(signedIn("root@example.com").get("/g/news/pending").statusCode()).isEqualTo(200);
  }

  /** The subjects of the mail {@code address} got at the relay. */
  List<String> subjects(String address) throws Exception {
    List<String> out = new java.util.ArrayList<>();
    for (MimeMessage m : inbox(relay, address)) {
      out.add(m.getSubject());
    }
    return out;
  }

  static byte[] toBytes(MimeMessage m) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    m.writeTo(out);
    return out.toByteArray();
  }
}
