package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.testkit.RelaySink.await;
import static org.parley.testkit.RelaySink.freePort;
import static org.parley.testkit.RelaySink.greenMail;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.delivery.OutgoingMail;
import org.parley.group.Group;
import org.parley.ingest.IngestResult;
import org.parley.testkit.RelaySink;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * Mail the web writes (a forward, a sign-up link) is queued and sent by a job, not inside the
 * request (issue 17, item 5): while the relay is down the pages still answer at once, the jobs
 * retry, and the mail arrives once the relay is back; a relay that refuses a message for good parks
 * its job with the relay's reply. GreenMail plays the relay that comes back, a small SubEthaSMTP
 * server one that refuses.
 */
class QueuedMailIT {
  @TempDir Path dir;
  private WebSite web;
  private GreenMail greenMail;
  private SMTPServer refusing;

  @AfterEach
  void tearDown() {
    if (web != null) {
      web.close();
    }
    if (greenMail != null) {
      greenMail.stop();
    }
    if (refusing != null) {
      refusing.stop();
    }
  }

  private IngestResult.Accepted siteWithAPost(int relayPort) {
    web = new WebSite(dir.resolve("site"), Map.of("PARLEY_RELAY", "smtp://127.0.0.1:" + relayPort));
    Group news = web.group("news", true);
    web.member(news, "ada@example.com", "Ada Lovelace");
    web.member(news, "grace@example.com", "Grace Hopper");
    return web.mail(
        "news",
        WebSite.message(
            "news", "grace@example.com", "one@example.com", "Tide power", null, "First post."));
  }

  private WebClient ada() {
    WebClient ada = web.client();
    ada.login("ada@example.com", WebSite.PASSWORD);
    return ada;
  }

  private static HttpResponse<String> forward(WebClient who, long post, String to, String note) {
    String page = "/g/news/p/" + post + "/forward";
    return who.submit(page, page, Map.of("to", to, "body", note));
  }

  @Test
  void whileTheRelayIsDownPagesAnswerAtOnceAndTheMailArrivesOnceItIsBack() throws Exception {
    int relayPort = freePort(); // nothing listens there yet: the relay is down
    IngestResult.Accepted first = siteWithAPost(relayPort);
    WebClient ada = ada();

    HttpResponse<String> forwarded =
        forward(ada, first.post().value(), "friend@elsewhere.example", "Look at this");
    assertThat(forwarded.statusCode()).isEqualTo(303);
    String back = forwarded.headers().firstValue("Location").orElseThrow();
    assertThat(ada.get(back.replaceAll("#.*", "")).body())
        .contains("The message is being forwarded: it goes out in a moment.");

    HttpResponse<String> signedUp =
        web.client().submit("/signup", "/signup", Map.of("email", "newcomer@example.org"));
    assertThat(signedUp.statusCode()).isEqualTo(200);
    assertThat(signedUp.body()).contains("Check your mail").contains("on its way");

    // Each job meets the absent relay, fails its first attempt and waits for its next.
    await(
        "both send-mail jobs to fail their first attempt",
        Duration.ofSeconds(30),
        () -> sendMailJobs("state = 'ready' AND attempts = 1 AND last_error IS NOT NULL") == 2);
    assertThat(outgoingRows()).as("the messages are kept meanwhile").isEqualTo(2);

    greenMail = greenMail(relayPort);
    // the queue's clock passes the backoff (10 s and a fifth at most): the jobs are due again
    web.clock.advance(Duration.ofMinutes(1));
    await(
        "the forward and the sign-up link to reach the relay",
        Duration.ofSeconds(30),
        () ->
            inbox("friend@elsewhere.example").length == 1
                && inbox("newcomer@example.org").length == 1);
    await(
        "both send-mail jobs to be done",
        Duration.ofSeconds(10),
        () -> sendMailJobs("state = 'done'") == 2);

    assertThat(outgoingRows()).as("a message the relay took is not kept").isZero();
    assertThat(inbox("friend@elsewhere.example")).as("sent once").hasSize(1);
    assertThat(inbox("newcomer@example.org")).as("sent once").hasSize(1);
    String forward = WebSite.text(bytes(inbox("friend@elsewhere.example")[0]));
    assertThat(forward)
        .contains("Look at this")
        .contains("---------- Forwarded message ---------")
        .contains("First post.");
    String link = WebSite.text(bytes(inbox("newcomer@example.org")[0]));
    assertThat(link).contains("To finish signing up at ").contains("/signup/finish?token=");
  }

  @Test
  void aRelayThatRefusesForNowIsTriedAgainAndOneThatRefusesForGoodParksTheMail() throws Exception {
    Map<String, List<String>> delivered = new ConcurrentHashMap<>();
    Set<String> refusedOnce = ConcurrentHashMap.newKeySet();
    refusing =
        SMTPServer.port(freePort())
            .bindAddress(InetAddress.getLoopbackAddress())
            .hostName("relay.test")
            .messageHandlerFactory(
                ctx ->
                    new MessageHandler() {
                      private final List<String> rcpts = new java.util.ArrayList<>();

                      @Override
                      public void from(String from) {}

                      @Override
                      public void recipient(String recipient) throws RejectException {
                        if (recipient.startsWith("gone@")) {
                          throw new RejectException(550, "5.1.1 <" + recipient + ">: no such user");
                        }
                        if (recipient.startsWith("busy@") && refusedOnce.add(recipient)) {
                          throw new RejectException(451, "4.3.0 try again later");
                        }
                        rcpts.add(recipient);
                      }

                      @Override
                      public String data(InputStream data) throws IOException {
                        String raw = new String(data.readAllBytes(), StandardCharsets.UTF_8);
                        for (String r : rcpts) {
                          delivered
                              .computeIfAbsent(
                                  r, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                              .add(raw);
                        }
                        return null;
                      }

                      @Override
                      public void done() {}
                    })
            .build();
    refusing.start();
    IngestResult.Accepted first = siteWithAPost(refusing.getPortAllocated());
    WebClient ada = ada();

    assertThat(forward(ada, first.post().value(), "gone@elsewhere.example", "One").statusCode())
        .isEqualTo(303);
    assertThat(forward(ada, first.post().value(), "busy@elsewhere.example", "Two").statusCode())
        .isEqualTo(303);

    await(
        "the refused forward's job to be parked",
        Duration.ofSeconds(30),
        () -> sendMailJobs("state = 'parked'") == 1);
    String why =
        web.site
            .db()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT last_error FROM jobs WHERE kind = :k AND state = 'parked'")
                        .bind("k", OutgoingMail.KIND)
                        .mapTo(String.class)
                        .one());
    assertThat(why)
        .contains("refused")
        .contains("for good")
        .contains("550")
        .contains("no such user");
    await(
        "the other forward to be refused for now",
        Duration.ofSeconds(30),
        () -> sendMailJobs("state = 'ready' AND attempts = 1 AND last_error LIKE '%451%'") == 1);
    assertThat(delivered).doesNotContainKeys("gone@elsewhere.example", "busy@elsewhere.example");

    web.clock.advance(Duration.ofMinutes(1));
    await(
        "the forward refused for now to arrive",
        Duration.ofSeconds(30),
        () -> delivered.containsKey("busy@elsewhere.example"));
    await("its job to be done", Duration.ofSeconds(10), () -> sendMailJobs("state = 'done'") == 1);
    assertThat(delivered).doesNotContainKey("gone@elsewhere.example");
    assertThat(delivered.get("busy@elsewhere.example")).hasSize(1);
    assertThat(outgoingRows())
        .as("the parked message is kept, for parley redrive once the cause is fixed")
        .isEqualTo(1);
  }

  private long sendMailJobs(String where) {
    return web.site
        .db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT COUNT(*) FROM jobs WHERE kind = :k AND " + where)
                    .bind("k", OutgoingMail.KIND)
                    .mapTo(Long.class)
                    .one());
  }

  private int outgoingRows() {
    return web.site
        .db()
        .jdbi()
        .withHandle(
            h -> h.createQuery("SELECT COUNT(*) FROM outgoing_mail").mapTo(Integer.class).one());
  }

  private MimeMessage[] inbox(String address) {
    try {
      return RelaySink.inbox(greenMail, address);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] bytes(MimeMessage m) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.writeTo(out);
    return out.toByteArray();
  }
}
