package org.parley.smtp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import org.parley.bounce.BounceInbox;
import org.parley.delivery.OwnerMail;
import org.parley.group.GroupStore;
import org.parley.ingest.FreeSpace;
import org.parley.ingest.Ingestor;
import org.parley.mailcommand.MailCommands;
import org.parley.mailcommand.Subscriptions;
import org.parley.member.MemberStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.internal.server.Command;
import org.subethamail.smtp.internal.server.CommandHandler;
import org.subethamail.smtp.internal.server.RequireAuthCommandWrapper;
import org.subethamail.smtp.internal.server.RequireTLSCommandWrapper;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A listener for the site's group addresses (SubEthaSMTP's one home), speaking SMTP or LMTP (RFC
 * 2033, for sites that put Postfix in front). Advertises SIZE (RFC 1870) with the site's limit,
 * refuses unknown recipients at RCPT, and answers DATA only after the archive has committed: over
 * SMTP once for the message, over LMTP once per recipient. Each session runs on a thread of its
 * own.
 *
 * <p>Commands are replaced after SubEthaSMTP builds its server, through its {@code
 * internal.server.CommandHandler} (docs/adr/0005): MAIL, RCPT and DATA by our {@link MailCommand},
 * {@link RcptCommand} and {@link DataCommand} on both; on SMTP, EHLO and HELO by our {@link
 * HelloCommand}, which lists PIPELINING and refuses a name with a control character; on LMTP, LHLO
 * (the same command under its LMTP name) added while HELO, EHLO and BDAT are refused.
 */
public final class InboundServer implements AutoCloseable {
  /** The protocol a listener speaks. */
  public enum Protocol {
    SMTP,
    LMTP;

    /** The settings key of the listener's address, for messages. */
    String hostKey() {
      return name().toLowerCase(Locale.ROOT) + "_host";
    }
  }

  /** How many connections a listener serves at once. */
  static final int PLACES = 1000;

  private static final Logger log = LoggerFactory.getLogger(InboundServer.class);
  private final SMTPServer server;
  private final Drain drain = new Drain();
  private final Protocol protocol;
  private final Duration grace;

  public InboundServer(
      Protocol protocol,
      String host,
      int port,
      String domain,
      long maxBytes,
      int connectionsPerAddress,
      Duration grace,
      FreeSpace space,
      GroupStore groups,
      MemberStore members,
      Ingestor ingestor,
      OwnerMail owners,
      BounceInbox reports,
      MailCommands mailCommands,
      Subscriptions subscriptions) {
    this.protocol = protocol;
    this.grace = grace;
    RecipientResolver resolver = new RecipientResolver(domain, groups, mailCommands, subscriptions);
    BodyBudget budget = BodyBudget.forThisJvm(maxBytes);
    InetAddress bind;
    try {
      bind = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(protocol.hostKey() + ": cannot resolve " + host, e);
    }
    this.server =
        SMTPServer.port(port)
            .bindAddress(bind)
            .hostName(domain)
            // the greeting reads "220 <domain> ESMTP <softwareName>"
            .softwareName(protocol == Protocol.LMTP ? "Parley LMTP" : "Parley")
            .insertReceivedHeaders(false)
            // each reply leaves at once (pipelining clients wait for several), one address holds
            // at most connectionsPerAddress of the places, each request the client makes has a
            // deadline, and an SMTP session that errs too often is closed (ListenerSocket)
            .serverSocketFactory(
                () ->
                    new ListenerSocket(
                        domain,
                        connectionsPerAddress,
                        PLACES,
                        protocol == Protocol.SMTP,
                        drain::stopping))
            .maxMessageSize((int) Math.min(Integer.MAX_VALUE, maxBytes))
            .maxRecipients(100)
            .maxConnections(PLACES)
            .connectionTimeout(5, java.util.concurrent.TimeUnit.MINUTES)
            // platform threads: sessions read through sqlite-jdbc (native calls pin virtual
            // threads' carriers, docs/adr/0003); at most maxConnections of them
            .executorService(
                Executors.newCachedThreadPool(
                    Thread.ofPlatform()
                        .name("parley-" + protocol.name().toLowerCase(Locale.ROOT) + "-", 1)
                        .daemon()
                        .factory()))
            .messageHandlerFactory(
                ctx ->
                    new InboundSession(
                        ctx,
                        resolver,
                        ingestor,
                        owners,
                        reports,
                        groups,
                        members,
                        maxBytes,
                        budget,
                        drain,
                        space,
                        domain,
                        mailCommands,
                        subscriptions))
            .build();
    if (server.getEnableTLS() || server.getAuthenticationHandlerFactory().isPresent()) {
      // our EHLO lists neither STARTTLS nor AUTH: it must learn them before either is turned on
      throw new IllegalStateException("STARTTLS and AUTH are not offered by Parley's listeners");
    }
    CommandHandler commands = server.getCommandHandler();
    commands.addCommand(requireTlsAndAuthAsConfigured(new MailCommand()));
    commands.addCommand(requireTlsAndAuthAsConfigured(new RcptCommand()));
    commands.addCommand(
        requireTlsAndAuthAsConfigured(
            new DataCommand(
                maxBytes,
                budget,
                protocol == Protocol.LMTP
                    ? DataCommand.Answers.PER_RECIPIENT
                    : DataCommand.Answers.ONE,
                // LMTP's one client is the site's own MTA
                protocol == Protocol.SMTP)));
    if (protocol == Protocol.SMTP) {
      commands.addCommand(HelloCommand.ehlo());
      commands.addCommand(HelloCommand.helo());
    }
    if (protocol == Protocol.LMTP) {
      String lmtp = "500 5.5.1 This is an LMTP server (RFC 2033): introduce yourself with LHLO";
      commands.addCommand(HelloCommand.lhlo());
      commands.addCommand(new RefusedCommand("HELO", lmtp));
      commands.addCommand(new RefusedCommand("EHLO", lmtp));
      commands.addCommand(
          new RefusedCommand(
              "BDAT", "502 5.5.1 BDAT is not offered over LMTP here (no CHUNKING); use DATA"));
    }
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

  /**
   * Lets no transaction begin any more (MAIL gets 421); those under way have the grace, from now,
   * to be answered. {@link #close} then waits for them. A site with two listeners stops both before
   * it closes either, so its stop takes one grace, not two.
   */
  public void stopTaking() {
    drain.stop(grace);
  }

  /**
   * Stops in order: no transaction begins any more (MAIL gets 421), those under way are answered
   * (up to the grace, {@code stop_grace_seconds}, from {@link #stopTaking} or now), then the
   * listener and every connection close; a transaction still open then gets no answer, and its
   * sender tries again.
   */
  @Override
  public void close() {
    int cut = drain.close(grace);
    if (cut > 0) {
      log.warn(
          "{}: {} mail transactions still open after {} s; closing their connections (their"
              + " senders retry)",
          protocol,
          cut,
          grace.toMillis() / 1000.0);
    }
    server.stop();
  }
}
