package org.parley.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cheapest relay we can write: an SMTP server on 127.0.0.1 that says 250 to everything and
 * discards the data, reading through a buffer and answering only when the client waits (so it also
 * serves pipelining clients, and advertises RFC 2920 PIPELINING). It exists because SubEthaSMTP's
 * DATA reader, byte by byte, costs more CPU than Parley's sending on a 2-core machine, so the
 * SubEthaSMTP sink measures itself rather than Parley.
 */
final class RawSink implements AutoCloseable {
  final AtomicLong messages = new AtomicLong();
  private final ServerSocket server;
  private final Thread acceptor;

  RawSink(int port) throws IOException {
    server = new ServerSocket(port, 512, InetAddress.getLoopbackAddress());
    acceptor = Thread.ofPlatform().daemon().name("raw-sink").start(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  /** A read buffer scanned in place: no per-byte calls, no locks. */
  private static final class Lines {
    private final InputStream in;
    private final byte[] buf = new byte[65536];
    private int pos;
    private int limit;

    Lines(InputStream in) {
      this.in = in;
    }

    boolean waiting() throws IOException {
      return pos < limit || in.available() > 0;
    }

    /** Skips to the end of the next line; returns its first bytes (up to 4) or null at the end. */
    String next(boolean wantText) throws IOException {
      int start = pos;
      StringBuilder head = wantText ? new StringBuilder(8) : null;
      while (true) {
        for (int i = pos; i < limit; i++) {
          if (head != null && head.length() < 8) {
            head.append((char) buf[i]);
          }
          if (buf[i] == '\n') {
            pos = i + 1;
            return head == null ? "" : head.toString();
          }
        }
        pos = limit;
        limit = 0;
        pos = 0;
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
          return null;
        }
        limit = n;
      }
    }
  }

  private void serve(Socket s) {
    try (s;
        InputStream raw = s.getInputStream();
        OutputStream out = new BufferedOutputStream(s.getOutputStream(), 8192)) {
      s.setSoTimeout(120_000);
      Lines in = new Lines(raw);
      out.write("220 sink.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      while (true) {
        String line = in.next(true);
        if (line == null) {
          return;
        }
        String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line;
        switch (cmd) {
          case "EHLO" ->
              reply(out, in, "250-sink.test\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 0\r\n");
          case "DATA" -> {
            reply(out, in, "354 go ahead\r\n");
            while (true) {
              String l = in.next(true);
              if (l == null) {
                return;
              }
              if (l.equals(".\r\n") || l.equals(".\n")) {
                break;
              }
            }
            messages.incrementAndGet();
            reply(out, in, "250 2.0.0 ok\r\n");
          }
          case "QUIT" -> {
            reply(out, in, "221 bye\r\n");
            out.flush();
            return;
          }
          default -> reply(out, in, "250 ok\r\n");
        }
      }
    } catch (IOException e) {
      // client went away
    }
  }

  /** Writes a reply, flushing only when nothing more is waiting to be read (RFC 2920 §3.2). */
  private static void reply(OutputStream out, Lines in, String r) throws IOException {
    out.write(r.getBytes(StandardCharsets.US_ASCII));
    if (!in.waiting()) {
      out.flush();
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
