package org.parley.testkit;

import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/** GreenMail as the relay that receives what Parley sends, and waiting for things to happen. */
public final class RelaySink {
  private RelaySink() {}

  /** A free port on 127.0.0.1. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A started GreenMail SMTP server on 127.0.0.1:{@code port}. */
  public static GreenMail greenMail(int port) {
    GreenMail g = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    g.start();
    return g;
  }

  /** What GreenMail delivered to {@code address} (by envelope recipient, not by header). */
  public static MimeMessage[] inbox(GreenMail relay, String address) throws Exception {
    GreenMailUser user = relay.getUserManager().getUserByEmail(address);
    if (user == null) {
      return new MimeMessage[0];
    }
    return relay.getManagers().getImapHostManager().getInbox(user).getMessages().stream()
        .map(StoredMessage::getMimeMessage)
        .toArray(MimeMessage[]::new);
  }

  /**
   * Waits up to {@code limit} for {@code condition}, polling it (Awaitility), and fails the test
   * naming {@code what} when the deadline passes first.
   */
  public static void await(String what, Duration limit, BooleanSupplier condition) {
    Awaitility.await(what)
        .atMost(limit)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(25))
        .dontCatchUncaughtExceptions()
        .until(condition::getAsBoolean);
  }
}
