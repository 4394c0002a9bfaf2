package org.parley.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * SMTP or LMTP spoken line by line over a raw socket, for what Angus Mail's client cannot do: LMTP
 * (RFC 2033; Angus Mail has no LMTP mode), pipelining several commands in one write (RFC 2920),
 * bytes that break the rules, and hanging up mid-message. {@link SmtpClient} is the well-behaved
 * client; this one sends exactly what it is told.
 */
public final class WireClient implements AutoCloseable {
  /** One reply, possibly of several lines (RFC 5321 §4.2.1); {@code text} is the last line's. */
  public record Reply(int code, List<String> lines) {
    public String text() {
      return lines.getLast().substring(4);
    }

    public boolean ok() {
      return code / 100 == 2;
    }

    @Override
    public String toString() {
      return String.join(" / ", lines);
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final Reply greeting;

  /** Connects to 127.0.0.1:{@code port} and reads the greeting. */
  public WireClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(30_000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    greeting = reply();
  }

  public Reply greeting() {
    return greeting;
  }

  /** Sends one command line (CRLF added) and reads its reply. */
  public Reply command(String line) throws IOException {
    write(line + "\r\n");
    return reply();
  }

  /** Writes text as US-ASCII (UTF-8 for anything else), as is: no CRLF added, nothing read. */
  public void write(String text) throws IOException {
    write(text.getBytes(StandardCharsets.UTF_8));
  }

  public void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /**
   * Writes the message as it goes over the wire after DATA ({@link #dotStuffed}) and, in the same
   * write, the commands that follow it, as a pipelining client does (RFC 2920).
   */
  public void writeMessage(byte[] message, String thenCommands) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(dotStuffed(message));
    all.writeBytes(thenCommands.getBytes(StandardCharsets.US_ASCII));
    write(all.toByteArray());
  }

  /** Reads one reply; fails if the server closed the connection instead. */
  public Reply reply() throws IOException {
    List<String> lines = new ArrayList<>();
    while (true) {
      String line = line();
      if (line == null) {
        throw new IOException("the server closed the connection; replies so far: " + lines);
      }
      lines.add(line);
      if (line.length() < 4 || line.charAt(3) != '-') {
        return new Reply(Integer.parseInt(line.substring(0, 3)), List.copyOf(lines));
      }
    }
  }

  /** Reads {@code n} replies, as LMTP sends one per recipient after DATA. */
  public List<Reply> replies(int n) throws IOException {
    List<Reply> replies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      replies.add(reply());
    }
    return replies;
  }

  /**
   * The message as it goes over the wire after DATA: a dot added to every line that starts with one
   * (RFC 5321 §4.5.2), then {@code CRLF.CRLF}. Give it CRLF-terminated messages.
   */
  public static byte[] dotStuffed(byte[] message) {
    ByteArrayOutputStream wire = new ByteArrayOutputStream(message.length + 16);
    boolean lineStart = true;
    for (int i = 0; i < message.length; i++) {
      if (lineStart && message[i] == '.') {
        wire.write('.');
      }
      wire.write(message[i]);
      lineStart = message[i] == '\n' && i > 0 && message[i - 1] == '\r';
    }
    wire.writeBytes(".\r\n".getBytes(StandardCharsets.US_ASCII));
    return wire.toByteArray();
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int len = bytes.length;
        if (len > 0 && bytes[len - 1] == '\r') {
          len--;
        }
        return new String(bytes, 0, len, StandardCharsets.UTF_8);
      }
      line.write(b);
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
