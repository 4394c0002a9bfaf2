package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.group.Group;
import org.parley.ingest.IngestResult;

/**
 * RELIABILITY E: "Reply to author" and Forward cannot be made to mail an address over and over. The
 * probe posted 30 messages with a victim's forged From and replied to each: 30 mails to the victim
 * in 1.4 s. Each sender has its hourly share, and each recipient address too, over all senders.
 */
class PrivateMailLimitsEIT {
  @TempDir Path dir;
  WebSite web;
  Group news;

  @BeforeEach
  void setUp() {
    web = new WebSite(dir);
    news = web.group("news", true);
    web.member(news, "ada@example.com", "Ada");
    web.member(news, "bob@example.com", "Bob");
  }

  @AfterEach
  void tearDown() {
    web.close();
  }

  @Test
  void eReplyToAuthorMailsOneAddressAtMostTenTimesAnHourOverAllSenders() {
    WebClient ada = web.client();
    ada.login("ada@example.com", WebSite.PASSWORD);
    WebClient bob = web.client();
    bob.login("bob@example.com", WebSite.PASSWORD);
    // 30 posts From a victim's address (forged, or theirs: the group takes mail from members).
    web.member(news, "victim@example.net", "Victim");
    long[] posts = new long[30];
    for (int i = 0; i < posts.length; i++) {
      posts[i] = post("victim@example.net", "forged" + i + "@example.net").post().value();
    }
    int sent = 0;
    int refused = 0;
    for (int i = 0; i < posts.length; i++) {
      WebClient who = i % 2 == 0 ? ada : bob;
      String page = "/g/news/p/" + posts[i] + "/reply-author";
      HttpResponse<String> r = who.submit(page, page, Map.of("body", "Hello " + i));
      if (r.statusCode() == 303) {
        sent++;
      } else {
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.body())
            .contains("This address has been sent many messages")
            .contains("try again later")
            .contains("Hello " + i); // the text is kept in the form
        refused++;
      }
    }
    assertThat(sent).isEqualTo(10);
    assertThat(refused).isEqualTo(20);
    assertThat(mailsTo("victim@example.net")).isEqualTo(10);

    // An hour on, the address may be written to again.
    web.clock.advance(Duration.ofMinutes(61));
    String page = "/g/news/p/" + posts[0] + "/reply-author";
    assertThat(ada.submit(page, page, Map.of("body", "later")).statusCode()).isEqualTo(303);
  }

  @Test
  void eReplyToAuthorIsLimitedToTwentyAnHourPerSender() {
    WebClient ada = web.client();
    ada.login("ada@example.com", WebSite.PASSWORD);
    for (int i = 0; i < 21; i++) {
      web.member(news, "author" + i + "@example.org", "Author " + i);
      long post = post("author" + i + "@example.org", "p" + i + "@example.org").post().value();
      String page = "/g/news/p/" + post + "/reply-author";
      HttpResponse<String> r = ada.submit(page, page, Map.of("body", "Hi " + i));
      if (i < 20) {
        assertThat(r.statusCode()).as("reply %d", i).isEqualTo(303);
      } else {
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.body()).contains("You have sent many private replies in the last hour");
      }
    }
    assertThat(mailsTo("author20@example.org")).isZero();
  }

  private IngestResult.Accepted post(String from, String messageId) {
    return web.mail(
        "news", WebSite.message("news", from, messageId, "Note " + messageId, null, "Text."));
  }

  private int mailsTo(String address) {
    web.awaitMailSent();
    return web.site
        .db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT COUNT(*) FROM captured_mail WHERE rcpt_to = :a")
                    .bind("a", address)
                    .mapTo(Integer.class)
                    .one());
  }
}
