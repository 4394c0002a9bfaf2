package org.parley.bench;

import jakarta.mail.MessagingException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A sender as a pipelining MTA (Postfix) is one when the server lists PIPELINING (RFC 2920): one
 * kept-open connection, MAIL, RCPT and DATA written together, their three replies read, then the
 * dot-stuffed message and its terminator, then the final reply. The time returned runs from that
 * first write (which holds the DATA command) to the final reply. TCP_NODELAY is set, as MTAs do.
 */
final class PipeliningSmtpClient implements SmtpSender {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  PipeliningSmtpClient(int port) throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(120_000);
    in = new BufferedInputStream(socket.getInputStream());
    out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    expect(reply(), 220, "greeting");
    write("EHLO bench.client\r\n");
    String ehlo = reply();
    expect(ehlo, 250, "EHLO");
    if (!ehlo.contains("PIPELINING")) {
      throw new IOException("the server does not list PIPELINING: " + ehlo.strip());
    }
  }

  @Override
  public long send(String from, String rcpt, byte[] message) throws MessagingException {
    try {
      long start = System.nanoTime();
      write("MAIL FROM:<" + from + ">\r\nRCPT TO:<" + rcpt + ">\r\nDATA\r\n");
      String mail = reply();
      String to = reply();
      String data = reply();
      if (!mail.startsWith("250") || !to.startsWith("250") || !data.startsWith("354")) {
        if (data.startsWith("354")) {
          write(".\r\n"); // an empty message ends the transaction the server opened
          reply();
        }
        write("RSET\r\n");
        reply();
        throw new MessagingException(
            (mail.startsWith("250") ? to.startsWith("250") ? data : to : mail).strip());
      }
      out.write(stuffed(message));
      out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String done = reply();
      long ns = System.nanoTime() - start;
      if (!done.startsWith("2")) {
        throw new MessagingException(done.strip());
      }
      return ns;
    } catch (IOException e) {
      throw new MessagingException("connection failed: " + e.getMessage(), e);
    }
  }

  /** The message with each line that starts with a dot given a second one, ending in CRLF. */
  private static byte[] stuffed(byte[] m) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(m.length + 64);
    boolean lineStart = true;
    for (byte c : m) {
      if (lineStart && c == '.') {
        b.write('.');
      }
      b.write(c);
      lineStart = c == '\n';
    }
    if (!lineStart) {
      b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    return b.toByteArray();
  }

  private void write(String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** One whole reply, continuation lines included. */
  private String reply() throws IOException {
    StringBuilder all = new StringBuilder();
    while (true) {
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        line.append((char) c);
      }
      if (c == -1) {
        throw new IOException("the server closed the connection");
      }
      all.append(line).append('\n');
      if (line.length() < 4 || line.charAt(3) != '-') {
        return all.toString();
      }
    }
  }

  private static void expect(String reply, int code, String what) throws IOException {
    if (!reply.startsWith(Integer.toString(code))) {
      throw new IOException(what + ": " + reply.strip());
    }
  }

  @Override
  public void close() {
    try {
      write("QUIT\r\n");
      reply();
    } catch (IOException ignored) {
      // the server went first
    } finally {
      try {
        socket.close();
      } catch (IOException ignored) {
        // nothing left to do
      }
    }
  }
}
