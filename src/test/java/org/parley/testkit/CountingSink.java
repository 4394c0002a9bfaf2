package org.parley.testkit;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A relay (SubEthaSMTP on 127.0.0.1) that keeps no message, only how many copies of each Message-ID
 * each envelope recipient got: a copy counts once its data has been read to the final dot, just
 * before the 250 goes back, the moment a real relay takes responsibility for it.
 */
public final class CountingSink implements AutoCloseable {
  /** One copy's key: the envelope recipient (lower case) and the Message-ID field as written. */
  public record Copy(String recipient, String messageId) {}

  private final Map<Copy, AtomicLong> copies = new ConcurrentHashMap<>();
  private final AtomicLong total = new AtomicLong();
  private final SMTPServer server;

  /** Starts a sink on a free port of 127.0.0.1. */
  public CountingSink() {
    server =
        SMTPServer.port(0)
            .bindAddress(InetAddress.getLoopbackAddress())
            .hostName("sink.test")
            .maxConnections(200)
            .connectionTimeout(2, TimeUnit.MINUTES)
            .executorService(Executors.newVirtualThreadPerTaskExecutor())
            .messageHandlerFactory(ctx -> new Handler())
            .build();
    server.start();
  }

  public int port() {
    return server.getPortAllocated();
  }

  /** The relay URL Parley is given: {@code smtp://127.0.0.1:port}. */
  public String url() {
    return "smtp://127.0.0.1:" + port();
  }

  /** Copies taken in all (one per recipient of each message). */
  public long total() {
    return total.get();
  }

  /** How many copies of each Message-ID each recipient got. */
  public Map<Copy, Long> copies() {
    Map<Copy, Long> m = new java.util.HashMap<>();
    copies.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }

  @Override
  public void close() {
    server.stop();
  }

  private final class Handler implements MessageHandler {
    private final List<String> recipients = new ArrayList<>();

    @Override
    public void from(String from) {}

    @Override
    public void recipient(String recipient) {
      recipients.add(recipient.toLowerCase(Locale.ROOT));
    }

    @Override
    public String data(InputStream in) throws IOException {
      String id;
      try {
        String[] field = new InternetHeaders(in).getHeader("Message-ID");
        id = field == null ? "" : field[0].trim();
      } catch (MessagingException e) {
        throw new IOException(e);
      }
      in.transferTo(java.io.OutputStream.nullOutputStream());
      for (String r : recipients) {
        copies.computeIfAbsent(new Copy(r, id), k -> new AtomicLong()).incrementAndGet();
        total.incrementAndGet();
      }
      return null;
    }

    @Override
    public void done() {}
  }
}
