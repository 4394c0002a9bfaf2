package org.parley.testkit;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * A real SMTP client (Angus Mail's SMTPTransport) that sends raw bytes as they are, but for RFC
 * 5321 dot-stuffing, over one kept-open connection, and reports the server's reply instead of
 * throwing. Give it CRLF-terminated messages ({@link Corpora#crlf}), as every client sends.
 */
public final class SmtpClient implements AutoCloseable {
  /** The server's reply to the step that ended the transaction: MAIL, RCPT or DATA. */
  public record Reply(int code, String text, String step) {
    public boolean ok() {
      return code == 250;
    }
  }

  /** A message whose bytes are written exactly as given (Angus Mail still dot-stuffs them). */
  public static final class Raw extends SMTPMessage {
    private final byte[] bytes;

    public Raw(Session session, String envelopeFrom, byte[] bytes) {
      super(session);
      this.bytes = bytes;
      setEnvelopeFrom(envelopeFrom);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      out.write(bytes);
    }

    @Override
    public void writeTo(OutputStream out, String[] ignoreList) throws IOException {
      out.write(bytes);
    }

    @Override
    public int getSize() {
      return bytes.length;
    }
  }

  private final Session session;
  private final SMTPTransport transport;

  public SmtpClient(int port) throws MessagingException {
    this(port, Map.of());
  }

  /**
   * As {@link #SmtpClient(int)}, with more of Angus Mail's {@code mail.smtp.*} properties: {@code
   * mail.smtp.chunksize} sends by BDAT (RFC 3030) in chunks of that size, say.
   */
  public SmtpClient(int port, Map<String, String> properties) throws MessagingException {
    Properties p = new Properties();
    p.put("mail.smtp.host", "127.0.0.1");
    p.put("mail.smtp.port", Integer.toString(port));
    p.put("mail.smtp.localhost", "client.test");
    p.put("mail.smtp.connectiontimeout", "10000");
    p.put("mail.smtp.timeout", "120000");
    p.putAll(properties);
    session = Session.getInstance(p);
    transport = (SMTPTransport) session.getTransport("smtp");
    transport.connect();
  }

  /** Runs one mail transaction; the reply is the first refusal, or the answer to DATA. */
  public Reply send(String from, List<String> rcpt, byte[] message) throws MessagingException {
    InternetAddress[] to = new InternetAddress[rcpt.size()];
    for (int i = 0; i < to.length; i++) {
      to[i] = new InternetAddress(rcpt.get(i), false);
    }
    try {
      transport.sendMessage(new Raw(session, from, message), to);
      return new Reply(transport.getLastReturnCode(), transport.getLastServerResponse(), "DATA");
    } catch (SMTPSenderFailedException e) {
      return new Reply(e.getReturnCode(), text(e.getMessage()), "MAIL");
    } catch (SMTPSendFailedException e) {
      if (e.getNextException() instanceof SMTPAddressFailedException a) {
        return new Reply(a.getReturnCode(), text(a.getMessage()), "RCPT");
      }
      return new Reply(e.getReturnCode(), text(e.getMessage()), "DATA");
    } catch (SendFailedException e) {
      for (Exception n = e.getNextException(); n != null; ) {
        if (n instanceof SMTPAddressFailedException a) {
          return new Reply(a.getReturnCode(), text(a.getMessage()), "RCPT");
        }
        n = n instanceof MessagingException m ? m.getNextException() : null;
      }
      throw e;
    }
  }

  /**
   * As {@link #send}, the way an MTA sends over a connection it keeps: when the server has ended
   * the session (421, or the connection is gone, as after too many refusals in a row), it opens a
   * new connection and sends the message again, once. (An MTA would try again later; a second copy
   * of a message whose answer was lost is the same message, which the group takes once.)
   */
  public Reply deliver(String from, List<String> rcpt, byte[] message) throws MessagingException {
    Reply r;
    try {
      r = send(from, rcpt, message);
    } catch (MessagingException e) {
      if (transport.isConnected()) {
        throw e;
      }
      return reconnected().send(from, rcpt, message);
    }
    // Angus Mail reports a connection the server has closed as the code -1 ("[EOF]")
    return r.code() == 421 || r.code() == -1 ? reconnected().send(from, rcpt, message) : r;
  }

  private SmtpClient reconnected() throws MessagingException {
    try {
      transport.close(); // its QUIT may find the connection gone
    } catch (MessagingException gone) {
      // closed all the same
    }
    transport.connect();
    return this;
  }

  /** The reply text without its leading code: "5.1.1 No such group…". */
  private static String text(String reply) {
    String s = reply == null ? "" : reply.trim();
    return s.matches("^\\d{3}[ -].*") ? s.substring(4) : s;
  }

  public Optional<String> extension(String name) {
    return Optional.ofNullable(transport.getExtensionParameter(name));
  }

  @Override
  public void close() {
    try {
      transport.close();
    } catch (MessagingException ignored) {
      // the server went first; nothing to do
    }
  }
}
