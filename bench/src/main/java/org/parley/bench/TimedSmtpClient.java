package org.parley.bench;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.parley.testkit.SmtpClient;

/**
 * An Angus Mail SMTP client over one kept-open connection that sends raw bytes unchanged (but for
 * dot-stuffing) and times each message from the DATA command to the server's reply after the final
 * dot: the time the server takes to make the message durable and answer (RFC 5321 §4.2.5).
 */
final class TimedSmtpClient implements SmtpSender {
  private static final class Timed extends SMTPTransport {
    long dataStart;
    long dataEnd;

    Timed(Session s, URLName u) {
      super(s, u);
    }

    @Override
    protected OutputStream data() throws MessagingException {
      dataStart = System.nanoTime();
      return super.data();
    }

    @Override
    protected void finishData() throws IOException, MessagingException {
      super.finishData();
      dataEnd = System.nanoTime();
    }
  }

  private final Session session;
  private final Timed transport;

  TimedSmtpClient(int port) throws MessagingException {
    Properties p = new Properties();
    p.put("mail.smtp.host", "127.0.0.1");
    p.put("mail.smtp.port", Integer.toString(port));
    p.put("mail.smtp.localhost", "bench.client");
    p.put("mail.smtp.connectiontimeout", "10000");
    p.put("mail.smtp.timeout", "120000");
    if (!"true".equals(System.getProperty("bench.nagle"))) {
      // Send each write at once, as MTAs do: with Nagle's algorithm on, the tail of a message
      // waits for the ACK of its previous segment, which the receiver delays by up to 40 ms.
      p.put("mail.smtp.socketFactory", new NoDelaySockets());
    }
    session = Session.getInstance(p);
    transport = new Timed(session, new URLName("smtp", "127.0.0.1", port, null, null, null));
    transport.connect();
  }

  /** Sends one message; returns nanoseconds from DATA to the final reply, or throws. */
  @Override
  public long send(String from, String rcpt, byte[] message) throws MessagingException {
    transport.sendMessage(
        new SmtpClient.Raw(session, from, message), new InternetAddress[] {new InternetAddress(rcpt, false)});
    return transport.dataEnd - transport.dataStart;
  }

  int lastReturnCode() {
    return transport.getLastReturnCode();
  }

  @Override
  public void close() {
    try {
      transport.close();
    } catch (MessagingException ignored) {
      // the server went first
    }
  }

  /** Plain sockets with TCP_NODELAY set. */
  private static final class NoDelaySockets extends javax.net.SocketFactory {
    @Override
    public java.net.Socket createSocket() throws IOException {
      java.net.Socket s = new java.net.Socket();
      s.setTcpNoDelay(true);
      return s;
    }

    @Override
    public java.net.Socket createSocket(String host, int port) throws IOException {
      java.net.Socket s = createSocket();
      s.connect(new java.net.InetSocketAddress(host, port));
      return s;
    }

    @Override
    public java.net.Socket createSocket(
        String host, int port, java.net.InetAddress local, int localPort) throws IOException {
      java.net.Socket s = createSocket();
      s.bind(new java.net.InetSocketAddress(local, localPort));
      s.connect(new java.net.InetSocketAddress(host, port));
      return s;
    }

    @Override
    public java.net.Socket createSocket(java.net.InetAddress host, int port) throws IOException {
      java.net.Socket s = createSocket();
      s.connect(new java.net.InetSocketAddress(host, port));
      return s;
    }

    @Override
    public java.net.Socket createSocket(
        java.net.InetAddress host, int port, java.net.InetAddress local, int localPort)
        throws IOException {
      java.net.Socket s = createSocket();
      s.bind(new java.net.InetSocketAddress(local, localPort));
      s.connect(new java.net.InetSocketAddress(host, port));
      return s;
    }
  }
}
