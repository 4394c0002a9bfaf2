package org.parley.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ErrorLimitTest {
  private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
  private final AtomicInteger limit = new AtomicInteger(3);
  private final AtomicInteger closed = new AtomicInteger();
  private final AtomicInteger flushed = new AtomicInteger();
  private final ErrorLimit stream =
      new ErrorLimit(
          sent, "lists.test", limit::get, closed::incrementAndGet, flushed::incrementAndGet);
  // as SubEthaSMTP writes each reply: print, then flush
  private final PrintWriter writer = new PrintWriter(stream);

  private void reply(String text) {
    writer.print(text + "\r\n");
    writer.flush();
  }

  private String sent() {
    return sent.toString(StandardCharsets.US_ASCII);
  }

  @Test
  void onlyRefusalsCountAMultiLineReplyOnceAndTheLimitEndsTheSession() {
    reply("220 lists.test ESMTP Parley");
    reply("250-lists.test\r\n250-SIZE 1000\r\n250 PIPELINING");
    reply("500-Error: command not implemented\r\n500 see RFC 5321");
    reply("452 4.5.3 Too many recipients"); // our limit, not the client's mistake
    reply("421 4.3.2 try later");
    assertThat(stream.errors()).isEqualTo(1);
    reply("550 5.1.1 There is no group nope@lists.test here.");
    assertThat(closed).hasValue(0);
    assertThat(sent()).doesNotContain("Too many errors");

    reply("500 Error: bad syntax");

    assertThat(stream.errors()).isEqualTo(3);
    assertThat(closed).hasValue(1);
    assertThat(sent())
        .endsWith(
            "500 Error: bad syntax\r\n"
                + "421 4.7.0 lists.test Too many errors in this session; closing the connection\r\n");
    // whatever the session writes afterwards, the connection is ended once
    reply("500 Error: bad syntax");
    assertThat(closed).hasValue(1);
  }

  @Test
  void lmtpRepliesAfterDataCountOneEach() {
    reply("550 5.7.1 not a member\r\n250 2.0.0 Ok: taken by b\r\n550 5.7.1 not a member");
    assertThat(stream.errors()).isEqualTo(2);
  }

  @Test
  void aDeliveredMessageForgivesTheErrorsBeforeIt() {
    reply("550 5.1.1 no such group");
    reply("550 5.1.1 no such group");
    stream.delivered();
    reply("250 2.0.0 Ok: queued as 1 post(s)");
    reply("550 5.1.1 no such group");
    reply("550 5.1.1 no such group");
    assertThat(stream.errors()).isEqualTo(2);
    assertThat(closed).hasValue(0);
  }

  @Test
  void theLimitIsReadAtEachReplySoStressLowersItAtOnce() {
    reply("550 5.1.1 no such group");
    assertThat(closed).hasValue(0);
    limit.set(1); // the listener came under stress
    reply("250 2.1.0 Ok");
    assertThat(closed).hasValue(1);
  }

  @Test
  void everyReplyRestartsTheClientsClock() throws IOException {
    reply("220 hello");
    reply("250 Ok");
    assertThat(flushed).hasValue(2);
  }
}
