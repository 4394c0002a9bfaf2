package org.parley.testkit;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.subethamail.smtp.client.SMTPClient;
import org.subethamail.smtp.client.SMTPException;
import org.subethamail.smtp.client.SmartClient;

/**
 * A real SMTP client (SubEthaSMTP's SmartClient) that sends raw bytes unchanged but for RFC 5321
 * dot-stuffing, and reports the server's reply instead of throwing.
 */
public final class SmtpClient implements AutoCloseable {
  /** The server's reply to the step that ended the transaction. */
  public record Reply(int code, String text, String step) {
    public boolean ok() {
      return code == 250;
    }
  }

  /** SmartClient with the low-level client kept at hand, for RSET after a refusal. */
  private static final class Client extends SmartClient {
    Client(SMTPClient low) {
      super(low, "client.test", Optional.empty());
    }
  }

  private final SMTPClient low = new SMTPClient();
  private final SmartClient client = new Client(low);

  public SmtpClient(int port) throws IOException {
    client.connect("127.0.0.1", port);
  }

  /** Runs one mail transaction; the reply is the first refusal, or the answer to DATA. */
  public Reply send(String from, List<String> rcpt, byte[] message) throws IOException {
    String step = "MAIL";
    try {
      client.from(from);
      step = "RCPT";
      for (String r : rcpt) {
        client.to(r);
      }
      step = "DATA";
      client.dataStart();
      client.dataWrite(message);
      client.dataEnd();
      return new Reply(250, "", step);
    } catch (SMTPException e) {
      reset();
      return new Reply(e.getResponse().getCode(), e.getResponse().getMessage(), step);
    }
  }

  /** Keeps the connection: RSET starts a new transaction (RFC 5321 §4.1.1.5). */
  private void reset() throws IOException {
    low.sendReceive("RSET");
  }

  public Optional<String> extension(String name) {
    return Optional.ofNullable(client.getExtensions().get(name));
  }

  @Override
  public void close() {
    client.quit();
  }
}
