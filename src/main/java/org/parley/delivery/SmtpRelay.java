package org.parley.delivery;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Sends copies to a smarthost over SMTP (RFC 5321) with Angus Mail. Connections are kept open and
 * reused across messages — at most {@code maxIdle} wait in a pool, and each sending thread takes
 * one — so a batch of copies costs one MAIL/RCPT/DATA exchange each and no new connection. A pooled
 * connection that turns out to be dead is replaced once before the send counts as failed.
 *
 * <p>Replies are classified per RFC 5321 §4.2.1: a 5yz reply to MAIL, RCPT or DATA is a permanent
 * {@link RelayException}, a 4yz reply or no reply (refused connection, timeout) a temporary one.
 * The message bytes are sent as they are (line ends made CRLF, dots stuffed by the transport).
 */
public final class SmtpRelay implements Relay, AutoCloseable {
  private final Session session;
  private final String protocol;
  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final int maxIdle;
  private final ConcurrentLinkedDeque<SMTPTransport> idle = new ConcurrentLinkedDeque<>();
  private final AtomicInteger idleCount = new AtomicInteger();
  private volatile boolean closed;

  /**
   * @param helo the name this host gives in EHLO, such as the site's mail domain
   * @param timeout how long to wait to connect, for each reply and for each write
   * @param maxIdle how many open connections to keep for reuse, such as the number of workers
   */
  public SmtpRelay(String host, int port, String helo, Duration timeout, int maxIdle) {
    this(host, port, helo, timeout, timeout, maxIdle);
  }

  /**
   * @param connectTimeout how long to wait to connect
   * @param replyTimeout how long to wait for each reply, and for each write to go out
   */
  public SmtpRelay(
      String host,
      int port,
      String helo,
      Duration connectTimeout,
      Duration replyTimeout,
      int maxIdle) {
    this(
        new RelayEndpoint(
            RelayEndpoint.Security.PLAIN,
            host,
            port,
            Optional.empty(),
            Optional.empty(),
            Optional.empty()),
        helo,
        connectTimeout,
        replyTimeout,
        maxIdle);
  }

  /**
   * A relay at {@code endpoint}: with STARTTLS required, or TLS from the start, the server's
   * certificate is checked against the host's name and the trusted authorities ({@link
   * RelayEndpoint}); with a user name, the client authenticates (SMTP AUTH) after TLS.
   *
   * @throws IllegalArgumentException if the endpoint's CA file holds no certificate it can read
   */
  public SmtpRelay(
      RelayEndpoint endpoint,
      String helo,
      Duration connectTimeout,
      Duration replyTimeout,
      int maxIdle) {
    this.host = endpoint.host();
    this.port = endpoint.port();
    this.user = endpoint.user().orElse(null);
    this.password = endpoint.password().orElse(null);
    this.maxIdle = maxIdle;
    this.protocol = endpoint.security() == RelayEndpoint.Security.TLS ? "smtps" : "smtp";
    String k = "mail." + protocol + ".";
    Properties p = new Properties();
    p.setProperty(k + "host", host);
    p.setProperty(k + "port", Integer.toString(port));
    p.setProperty(k + "localhost", helo);
    p.setProperty(k + "connectiontimeout", Long.toString(connectTimeout.toMillis()));
    p.setProperty(k + "timeout", Long.toString(replyTimeout.toMillis()));
    p.setProperty(k + "writetimeout", Long.toString(replyTimeout.toMillis()));
    p.setProperty(k + "sendpartial", "true");
    p.setProperty(k + "quitwait", "false");
    if (endpoint.security() != RelayEndpoint.Security.PLAIN) {
      if (endpoint.security() == RelayEndpoint.Security.STARTTLS) {
        p.setProperty(k + "starttls.enable", "true");
        p.setProperty(k + "starttls.required", "true");
      }
      p.setProperty(k + "ssl.checkserveridentity", "true");
      endpoint.caFile().ifPresent(ca -> p.put(k + "ssl.socketFactory", trusting(ca)));
    }
    if (user != null) {
      p.setProperty(k + "auth", "true");
    }
    this.session = Session.getInstance(p);
  }

  /** Sockets that trust only the certificate authorities in the PEM file {@code ca}. */
  private static SSLSocketFactory trusting(Path ca) {
    try (InputStream in = Files.newInputStream(ca)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int n = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca" + n++, c);
      }
      if (n == 0) {
        throw new IllegalArgumentException("relay_ca_file " + ca + " holds no certificate");
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("relay_ca_file " + ca + " cannot be read: " + e, e);
    }
  }

  /**
   * A relay for the {@code relay} setting ({@link RelayEndpoint}). It gets a minute to answer the
   * connection and 10 minutes for each reply, as RFC 5321 §4.5.3.2.6 asks of a client waiting for
   * the answer to the final dot (Postfix's {@code smtp_data_done_timeout}): a smarthost that scans
   * the message may take that long, and a client that gave up sooner would send the copy again
   * though it was taken. Angus Mail has one reply timeout, so the other replies get as long; a hung
   * smarthost holds one worker that long.
   */
  public static SmtpRelay to(RelayEndpoint relay, String helo, int maxIdle) {
    return new SmtpRelay(relay, helo, Duration.ofSeconds(60), Duration.ofMinutes(10), maxIdle);
  }

  @Override
  public void send(String mailFrom, List<String> rcpt, byte[] message) throws RelayException {
    if (closed) {
      throw RelayException.unreachable("the relay client is closed", null);
    }
    Address[] to = addresses(rcpt);
    SMTPTransport pooled = take();
    if (pooled != null) {
      try {
        deliver(pooled, mailFrom, to, message);
        give(pooled);
        return;
      } catch (RelayException e) {
        if (!e.unreachable()) {
          keepOrClose(pooled);
          throw e;
        }
        closeQuietly(pooled); // it went stale while idle: try once more on a fresh connection
      }
    }
    SMTPTransport fresh = connect();
    try {
      deliver(fresh, mailFrom, to, message);
      give(fresh);
    } catch (RelayException e) {
      keepOrClose(fresh);
      throw e;
    }
  }

  private void deliver(SMTPTransport t, String mailFrom, Address[] to, byte[] message)
      throws RelayException {
    RawMessage m = new RawMessage(session, message);
    m.setEnvelopeFrom(mailFrom);
    try {
      t.sendMessage(m, to);
    } catch (MessagingException e) {
      throw classify(e);
    }
  }

  private SMTPTransport connect() throws RelayException {
    try {
      SMTPTransport t = (SMTPTransport) session.getTransport(protocol);
      t.connect(host, port, user, password);
      return t;
    } catch (MessagingException e) {
      RelayException r = classify(e);
      throw r.unreachable()
          ? RelayException.unreachable(host + ":" + port + ": " + r.reply(), e)
          : r;
    }
  }

  /**
   * Turns Angus Mail's exceptions into a reply: the most specific SMTP reply in the chain (a
   * refused recipient, or a refused MAIL FROM or DATA), else no reply.
   */
  static RelayException classify(MessagingException e) {
    for (Exception x = e; x != null; ) {
      if (x instanceof SMTPAddressFailedException a) {
        return RelayException.ofReply(a.getReturnCode(), reply(a), e);
      }
      if (x instanceof SMTPSendFailedException s && s.getReturnCode() > 0) {
        // a SendFailedException for refused recipients chains their own failures: prefer those
        Exception next = s.getNextException();
        if (!(next instanceof SMTPAddressFailedException)) {
          return RelayException.ofReply(s.getReturnCode(), reply(s), e);
        }
      }
      x = x instanceof MessagingException m ? m.getNextException() : null;
    }
    if (e instanceof SendFailedException s && s.getInvalidAddresses() != null) {
      return RelayException.ofReply(550, "invalid address: " + e.getMessage(), e);
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return RelayException.unreachable(
        root.getClass().getSimpleName() + ": " + root.getMessage(), e);
  }

  private static String reply(MessagingException e) {
    String s = e.getMessage() == null ? "" : e.getMessage().strip();
    // Angus puts the reply code in front; RelayException adds it again.
    return s.replaceFirst("^\\d{3}[ -]", "");
  }

  private static Address[] addresses(List<String> rcpt) throws RelayException {
    Address[] out = new Address[rcpt.size()];
    for (int i = 0; i < out.length; i++) {
      try {
        out[i] = new InternetAddress(rcpt.get(i), false);
      } catch (AddressException e) {
        throw RelayException.ofReply(553, "not a valid address: " + rcpt.get(i), e);
      }
    }
    return out;
  }

  private SMTPTransport take() {
    SMTPTransport t = idle.pollFirst();
    if (t != null) {
      idleCount.decrementAndGet();
    }
    return t;
  }

  private void give(SMTPTransport t) {
    if (closed || idleCount.incrementAndGet() > maxIdle) {
      idleCount.decrementAndGet();
      closeQuietly(t);
      return;
    }
    idle.offerFirst(t);
  }

  /** After a refusal the session is reset by the transport and can be reused if still open. */
  private void keepOrClose(SMTPTransport t) {
    if (t.isConnected()) {
      give(t);
    } else {
      closeQuietly(t);
    }
  }

  private static void closeQuietly(SMTPTransport t) {
    try {
      t.close();
    } catch (MessagingException | RuntimeException e) {
      // closing a connection that already failed: nothing to do
    }
  }

  @Override
  public void close() {
    closed = true;
    SMTPTransport t;
    while ((t = idle.pollFirst()) != null) {
      closeQuietly(t);
    }
  }

  /** A message whose bytes are already complete: the transport writes them as they are. */
  private static final class RawMessage extends SMTPMessage {
    private final byte[] bytes;

    RawMessage(Session session, byte[] bytes) {
      super(session);
      this.bytes = bytes;
    }

    @Override
    public void writeTo(OutputStream os, String[] ignoreList) throws IOException {
      os.write(bytes);
    }

    @Override
    public int getSize() {
      return bytes.length;
    }
  }
}
