package org.parley.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A relay that accepts everything and keeps nothing: SubEthaSMTP on 127.0.0.1, each session on a
 * virtual thread, the message read to its end and discarded. Counts messages and recipients.
 */
final class Sink implements AutoCloseable {
  final AtomicLong messages = new AtomicLong();
  final AtomicLong recipients = new AtomicLong();
  private final SMTPServer server;

  Sink(int port) {
    server =
        SMTPServer.port(port)
            .bindAddress(InetAddress.getLoopbackAddress())
            .hostName("sink.test")
            .maxConnections(2000)
            .connectionTimeout(2, TimeUnit.MINUTES)
            .executorService(Executors.newVirtualThreadPerTaskExecutor())
            .messageHandlerFactory(
                ctx ->
                    new MessageHandler() {
                      @Override
                      public void from(String from) {}

                      @Override
                      public void recipient(String recipient) {
                        recipients.incrementAndGet();
                      }

                      @Override
                      public String data(InputStream in) throws IOException {
                        byte[] buf = new byte[8192];
                        while (in.read(buf) >= 0) {
                          // discard
                        }
                        messages.incrementAndGet();
                        return null;
                      }

                      @Override
                      public void done() {}
                    })
            .build();
    server.start();
  }

  int port() {
    return server.getPortAllocated();
  }

  @Override
  public void close() {
    server.stop();
  }

  /** Runs a sink on its own: {@code --port P} (default 2626), for at most --max-seconds. */
  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    try (Sink sink = new Sink(args.integer("port", 2626))) {
      System.out.println("sink listening on 127.0.0.1:" + sink.port());
      long maxSeconds = args.integer("max-seconds", 3600);
      for (long s = 0; s < maxSeconds; s += 5) {
        Thread.sleep(5000);
        System.out.printf(
            "sink: %d messages, %d recipients%n", sink.messages.get(), sink.recipients.get());
      }
    }
  }
}
