package org.parley.smtp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Executors;
import org.parley.group.GroupStore;
import org.parley.ingest.Ingestor;
import org.parley.member.MemberStore;
import org.subethamail.smtp.internal.server.Command;
import org.subethamail.smtp.internal.server.RequireAuthCommandWrapper;
import org.subethamail.smtp.internal.server.RequireTLSCommandWrapper;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The SMTP listener for the site's group addresses (SubEthaSMTP's one home). Advertises SIZE (RFC
 * 1870) with the site's limit, refuses unknown recipients at RCPT, and answers DATA only after the
 * archive has committed. Each session runs on a thread of its own.
 *
 * <p>DATA is our {@link DataCommand}, put in place after SubEthaSMTP builds its server, through its
 * {@code internal.server.CommandHandler} (docs/adr/0004).
 */
public final class InboundServer implements AutoCloseable {
  private final SMTPServer server;

  public InboundServer(
      String host,
      int port,
      String domain,
      long maxBytes,
      GroupStore groups,
      MemberStore members,
      Ingestor ingestor) {
    RecipientResolver resolver = new RecipientResolver(domain, groups);
    InetAddress bind;
    try {
      bind = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("smtp_host: cannot resolve " + host, e);
    }
    this.server =
        SMTPServer.port(port)
            .bindAddress(bind)
            .hostName(domain)
            .softwareName("Parley")
            .insertReceivedHeaders(false)
            .maxMessageSize((int) Math.min(Integer.MAX_VALUE, maxBytes))
            .maxRecipients(100)
            .maxConnections(1000)
            .connectionTimeout(5, java.util.concurrent.TimeUnit.MINUTES)
            // platform threads: sessions read through sqlite-jdbc (native calls pin virtual
            // threads' carriers, docs/adr/0003); at most maxConnections of them
            .executorService(
                Executors.newCachedThreadPool(
                    Thread.ofPlatform().name("parley-smtp-", 1).daemon().factory()))
            .messageHandlerFactory(
                ctx -> new InboundSession(ctx, resolver, ingestor, groups, members, maxBytes))
            .build();
    server.getCommandHandler().addCommand(requireTlsAndAuthAsConfigured(new DataCommand(maxBytes)));
  }

  /** As SubEthaSMTP wraps its own DATA command, so that requireTLS and requireAuth would hold. */
  private static Command requireTlsAndAuthAsConfigured(Command command) {
    return new RequireAuthCommandWrapper(new RequireTLSCommandWrapper(command));
  }

  public void start() {
    server.start();
  }

  /** The port actually bound (useful when 0 was asked for). */
  public int port() {
    return server.getPortAllocated();
  }

  public String host() {
    return server.getBindAddress().map(InetAddress::getHostAddress).orElse("0.0.0.0");
  }

  @Override
  public void close() {
    server.stop();
  }
}
