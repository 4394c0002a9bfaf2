package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.testkit.RelaySink.freePort;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.group.Group;
import org.parley.testkit.SmtpClient;

/**
 * A spam filter in front that is down, or does not answer in time (issue 21, item 5): nothing is
 * lost and nothing passes unscreened. Mail is answered 451 4.7.1 so the sender's server tries again
 * later, the web form 503 with a sentence and the text kept; nothing is posted or held. A site that
 * would rather take mail unscreened ({@code spam_filter_on_failure = accept}) posts it, with no
 * score.
 */
class SpamFilterDownIT {
  @TempDir Path dir;
  WebSite web;
  Group news;
  ServerSocket silent;

  void open(Map<String, String> env) {
    web = new WebSite(dir, env);
    news = web.group("news", true);
    web.member(news, "ada@example.com", "Ada Lovelace");
  }

  @AfterEach
  void stop() throws Exception {
    if (web != null) {
      web.close();
    }
    if (silent != null) {
      silent.close();
    }
  }

  static byte[] message(String id) {
    return ("From: Ada Lovelace <ada@example.com>\r\nTo: news@lists.test\r\nSubject: Lunch\r\n"
            + "Message-ID: <"
            + id
            + ">\r\nDate: Sat, 05 Dec 2026 10:00:00 +0000\r\n\r\nShall we meet at noon?\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  SmtpClient.Reply send(byte[] raw) throws Exception {
    try (SmtpClient smtp = new SmtpClient(web.site.smtpPort())) {
      return smtp.send("ada@example.com", List.of("news@lists.test"), raw);
    }
  }

  @Test
  void aFilterThatCannotBeReachedDefersMailAndTheWebForm() throws Exception {
    // a port nothing listens on: the connection is refused
    open(Map.of("PARLEY_SPAM_FILTER", "rspamd:http://127.0.0.1:" + freePort()));

    SmtpClient.Reply reply = send(message("down@example.com"));

    assertThat(reply.code()).as(reply.toString()).isEqualTo(451);
    assertThat(reply.text())
        .isEqualTo("4.7.1 The spam filter could not be reached; try again later.");

    WebClient ada = web.client();
    ada.login("ada@example.com", WebSite.PASSWORD);
    HttpResponse<String> r =
        ada.submit(
            "/g/news/new",
            "/g/news/new",
            Map.of("subject", "From the web", "body", "Kept for a retry.", "action", "post"));

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body())
        .contains("The spam filter could not be reached; try again later.")
        .contains("Kept for a retry.");
    assertThat(web.site.reader().postCount(news.id())).isZero();
    assertThat(web.site.held().list(Optional.empty())).isEmpty();
  }

  @Test
  void aFilterThatDoesNotAnswerInTimeDefersMail() throws Exception {
    // a listener that takes the connection (the kernel's backlog) and never answers
    silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    open(
        Map.of(
            "PARLEY_SPAM_FILTER",
            "spamd:127.0.0.1:" + silent.getLocalPort(),
            "PARLEY_SPAM_FILTER_TIMEOUT_MS",
            "300"));

    SmtpClient.Reply reply = send(message("slow@example.com"));

    assertThat(reply.code()).as(reply.toString()).isEqualTo(451);
    assertThat(reply.text()).startsWith("4.7.1 The spam filter could not be reached");
    assertThat(web.site.reader().postCount(news.id())).isZero();
  }

  @Test
  void aSiteThatAcceptsOnFailureTakesTheMailUnscreened() throws Exception {
    open(
        Map.of(
            "PARLEY_SPAM_FILTER",
            "rspamd:http://127.0.0.1:" + freePort(),
            "PARLEY_SPAM_FILTER_ON_FAILURE",
            "accept"));

    SmtpClient.Reply reply = send(message("unscreened@example.com"));

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    assertThat(web.site.reader().postCount(news.id())).isEqualTo(1);
    int unscored =
        web.site
            .db()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT COUNT(*) FROM posts WHERE spam_score IS NULL")
                        .mapTo(Integer.class)
                        .one());
    assertThat(unscored).isEqualTo(1);
  }
}
