package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.testkit.RelaySink.await;
import static org.parley.testkit.RelaySink.freePort;
import static org.parley.testkit.RelaySink.greenMail;
import static org.parley.testkit.RelaySink.inbox;

import com.icegreen.greenmail.util.GreenMail;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.archive.MessageId;
import org.parley.group.Group;
import org.parley.group.Links;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;
import org.parley.moderation.HeldMessages;
import org.parley.moderation.RecordedHit;
import org.parley.spam.SpamScore;
import org.parley.testkit.Rspamd;
import org.parley.testkit.SmtpClient;

/**
 * A spam filter in front (issue 21, item 5) with the real thing: Debian's rspamd, started by the
 * test on a free port ({@link Rspamd}), named by a site's {@code spam_filter}. Over SMTP, GTUBE
 * (the standard test message every filter knows) is refused at the door, 550 5.7.1 with the
 * filter's score (from the web form 422), while an ordinary message reaches the members through the
 * relay (GreenMail) with rspamd's score kept on its post (and shown where its moderators would
 * remove it); on a site that refuses nothing for a score, GTUBE is held at the group's threshold
 * instead, and its moderators see the score on the pending page. Skipped, saying why, where rspamd
 * is not installed ({@code .ci/run} installs it).
 */
class RspamdIT {
  static final String GTUBE =
      "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

  @TempDir static Path rspamdDir;
  static Rspamd rspamd;

  @TempDir Path dir;
  GreenMail relay;
  WebSite web;
  Group news;

  @BeforeAll
  static void startRspamd() throws Exception {
    Optional<String> why = Rspamd.unavailable();
    Assumptions.assumeTrue(why.isEmpty(), why.orElse(""));
    rspamd = Rspamd.start(rspamdDir);
  }

  @AfterAll
  static void stopRspamd() {
    if (rspamd != null) {
      rspamd.close();
    }
  }

  void open(Map<String, String> extra) {
    relay = greenMail(freePort());
    Map<String, String> env = new HashMap<>(extra);
    env.put("PARLEY_RELAY", "smtp://127.0.0.1:" + relay.getSmtp().getPort());
    env.put("PARLEY_SPAM_FILTER", rspamd.filterSetting());
    web = new WebSite(dir, env);
    news = web.group("news", true);
    web.member(news, "ada@example.com", "Ada Lovelace");
    web.member(news, "grace@example.com", "Grace Hopper");
  }

  @AfterEach
  void stop() {
    if (web != null) {
      web.close();
    }
    if (relay != null) {
      relay.stop();
    }
  }

  static byte[] message(String id, String subject, String body) {
    return ("From: Ada Lovelace <ada@example.com>\r\nTo: news@lists.test\r\nSubject: "
            + subject
            + "\r\nMessage-ID: <"
            + id
            + ">\r\nDate: Sat, 05 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            + body
            + "\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  SmtpClient.Reply send(byte[] raw) throws Exception {
    try (SmtpClient smtp = new SmtpClient(web.site.smtpPort())) {
      return smtp.send("ada@example.com", List.of("news@lists.test"), raw);
    }
  }

  /** The spam filter's finding kept with the post of {@code messageId}, if any. */
  Optional<SpamScore> scoreOf(String messageId) {
    return web.site
        .db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT spam_score, spam_summary FROM posts WHERE message_id = :m"
                            + " AND spam_score IS NOT NULL")
                    .bind("m", messageId)
                    .map((rs, ctx) -> new SpamScore(rs.getDouble(1), rs.getString(2)))
                    .findOne());
  }

  @Test
  void gtubeIsRefusedAtTheDoorWhileAnOrdinaryMessageReachesTheMembersWithItsScore()
      throws Exception {
    open(Map.of());

    SmtpClient.Reply refused = send(message("gtube@example.com", "Test", GTUBE));

    assertThat(refused.code()).as(refused.toString()).isEqualTo(550);
    assertThat(refused.text())
        .startsWith("5.7.1 The message looks like spam: this site's spam filter (rspamd)")
        .contains("GTUBE");
    // from the web form: 422, the form kept with the sentence
    WebClient ada = web.client();
    ada.login("ada@example.com", WebSite.PASSWORD);
    HttpResponse<String> form =
        ada.submit(
            "/g/news/new",
            "/g/news/new",
            Map.of("subject", "Test", "body", GTUBE, "action", "post"));
    assertThat(form.statusCode()).isEqualTo(422);
    assertThat(form.body()).contains("The message looks like spam: this site");
    assertThat(web.site.reader().postCount(news.id())).isZero();
    assertThat(web.site.held().list(Optional.empty())).isEmpty();

    SmtpClient.Reply taken =
        send(message("lunch@example.com", "Lunch on Friday", "Shall we meet at noon?"));

    assertThat(taken.code()).as(taken.toString()).isEqualTo(250);
    await(
        "Grace's copy of Ada's post",
        Duration.ofSeconds(30),
        () -> {
          try {
            return inbox(relay, "grace@example.com").length == 1;
          } catch (Exception e) {
            return false;
          }
        });
    assertThat(inbox(relay, "grace@example.com")[0].getSubject()).contains("Lunch on Friday");
    SpamScore score = scoreOf("lunch@example.com").orElseThrow();
    assertThat(score.score()).isLessThan(5);
    assertThat(score.summary()).startsWith("rspamd ").contains(" / 15, no action");

    // the group's moderators see it where they would remove the post
    var owner = web.account("owen@example.com", "Owen Owner", ZoneId.of("UTC"));
    web.site.members().add(news.id(), owner.id(), Role.OWNER, DeliveryMode.NONE);
    WebClient owen = web.client();
    owen.login("owen@example.com", WebSite.PASSWORD);
    long post =
        web.site
            .reader()
            .postsByMessageId(news.id(), MessageId.of("lunch@example.com"))
            .get(0)
            .id()
            .value();
    assertThat(owen.get(Links.postAction("news", post, "remove")).body())
        .contains("Spam filter, when it came: " + score.summary());
  }

  @Test
  void whereTheSiteRefusesNothingForAScoreGtubeIsHeldWithItsScoreShownToModerators()
      throws Exception {
    open(Map.of("PARLEY_SPAM_REFUSE_SCORE", "off"));
    var owner = web.account("owen@example.com", "Owen Owner", ZoneId.of("UTC"));
    web.site.members().add(news.id(), owner.id(), Role.OWNER, DeliveryMode.NONE);

    SmtpClient.Reply reply = send(message("gtube-held@example.com", "Test", GTUBE));

    assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
    assertThat(reply.text()).contains("held for a moderator");
    HeldMessages.Held held = web.site.held().list(Optional.empty()).get(0);
    assertThat(held.spam()).isPresent();
    assertThat(held.spam().get().score()).isEqualTo(15);
    assertThat(held.spam().get().summary()).isEqualTo("rspamd 15 / 15, reject: GTUBE");
    assertThat(held.hits()).extracting(RecordedHit::rule).contains("spam-score");
    assertThat(web.site.reader().postCount(news.id())).isZero();

    WebClient owen = web.client();
    owen.login("owen@example.com", WebSite.PASSWORD);
    assertThat(owen.get("/g/news/pending").body())
        .contains("<div class=\"meta spam-score\">Spam filter: rspamd 15 / 15, reject: GTUBE</div>")
        .contains("<code>spam-score</code>: The message looks like spam:");
  }
}
