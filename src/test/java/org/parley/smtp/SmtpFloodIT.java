package org.parley.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.app.Site;
import org.parley.archive.MessageId;
import org.parley.group.Group;
import org.parley.testkit.SmtpClient;
import org.parley.testkit.TestSites;

/**
 * A flood of idle connections from many addresses, each within its per-address share: the listener
 * comes under stress at three quarters of its places, still serves a new client, and sheds idle
 * connections after the short timeout until fewer than half are taken, so places stay free for
 * senders.
 */
@Tag("slow") // timeouts that must pass
class SmtpFloodIT {
  @TempDir Path dir;

  @Test
  void idleConnectionsThatFloodTheListenerAreShedAndANewClientIsServedMeanwhile() throws Exception {
    int perAddress = 50;
    int stressAt = InboundServer.PLACES * 3 / 4; // 750
    int calmAt = InboundServer.PLACES / 2; // 500
    int addresses = stressAt / perAddress + 1; // 16 × 50 = 800
    try (Site site = TestSites.open(dir, Map.of()).start()) {
      Group group = TestSites.group(site, "news", "ada@example.com");
      int port = site.smtpPort();
      List<Socket> flood = new ArrayList<>();
      List<BufferedReader> readers = new ArrayList<>();
      try {
        for (int a = 0; a < addresses; a++) {
          // all of 127.0.0.0/8 is this machine: each address its own client
          InetAddress from = InetAddress.getByAddress(new byte[] {127, 0, 1, (byte) (a + 1)});
          for (int i = 0; i < perAddress; i++) {
            Socket s = new Socket();
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(60_000);
            flood.add(s);
            BufferedReader r =
                new BufferedReader(
                    new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            readers.add(r);
            assertThat(r.readLine()).as("greeting %d from %s", i, from).startsWith("220 ");
          }
        }

        // a new client is served while the flood holds three quarters of the places
        byte[] raw =
            SmtpIngestIT.message(
                "ada@example.com", "in-flood@example.com", "In a flood", "", "x\r\n");
        try (SmtpClient smtp = new SmtpClient(port)) {
          SmtpClient.Reply reply = smtp.send("ada@example.com", List.of("news@lists.test"), raw);
          assertThat(reply.ok()).as(reply.toString()).isTrue();
        }
        assertThat(site.reader().postsByMessageId(group.id(), MessageId.of("in-flood@example.com")))
            .hasSize(1);

        // idle connections are told so after the short timeout, not the usual 5 minutes, until
        // fewer than half of the places are taken
        boolean[] gone = new boolean[flood.size()];
        AtomicInteger shed = new AtomicInteger();
        Awaitility.await("fewer than " + calmAt + " idle connections left")
            .atMost(ListenerSocket.STRESSED_TIMEOUT.multipliedBy(4))
            .pollInterval(Duration.ofMillis(100))
            .pollInSameThread()
            .until(
                () -> {
                  for (int i = 0; i < flood.size(); i++) {
                    if (!gone[i] && flood.get(i).getInputStream().available() > 0) {
                      assertThat(readers.get(i).readLine()).startsWith("421 ");
                      assertThat(readers.get(i).readLine()).as("closed after the 421").isNull();
                      gone[i] = true;
                      shed.incrementAndGet();
                    }
                  }
                  return flood.size() - shed.get() < calmAt;
                });
      } finally {
        for (Socket s : flood) {
          s.close();
        }
      }
    }
  }
}
