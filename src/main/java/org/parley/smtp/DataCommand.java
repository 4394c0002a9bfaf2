package org.parley.smtp;

import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.internal.util.SMTPResponseHelper;
import org.subethamail.smtp.server.Session;

/**
 * The DATA command (RFC 5321 §4.1.1.4), replacing SubEthaSMTP's own in our listeners. It answers
 * 503 without MAIL or RCPT and 354 to go ahead, reads the message with {@link DataReader}, hands it
 * to the session's {@link InboundSession}, and sends its answer: one for SMTP, or one per accepted
 * recipient in RCPT order for LMTP (RFC 2033 §4.2). Then the transaction is over, whatever the
 * answer (§4.1.1.4: the buffers are cleared), so the client may start the next one without RSET.
 *
 * <p>Why not SubEthaSMTP's {@code DataCommand}: it reads the message through {@code
 * DotTerminatedInputStream} and {@code DotUnstuffingInputStream}, one byte per call, each call a
 * locked {@code BufferedInputStream.read()}; a CPU profile of SMTP intake put about 8% of all CPU
 * in that loop. {@link DataReader} reads the same bytes a buffer at a time and stops exactly after
 * the terminator. (SubEthaSMTP also left a stuffed dot on the message's first line; we remove it,
 * as §4.5.2 asks.)
 *
 * <p>Over SMTP a client must wait for the 354 before it sends the message (RFC 2920 §3.1: DATA ends
 * a pipelined group). Bytes that are already here when the 354 is due were sent without it: a spam
 * engine that does not listen, or an attempt to smuggle commands. As Postfix does ({@code
 * smtpd_forbid_unauth_pipelining}), the answer is {@code 554 5.5.0} and the connection is closed;
 * nothing is read as a message.
 *
 * <p>A connection that ends before the terminator ends the session with an {@code EOFException},
 * before the handler sees anything: nothing is archived. The BDAT command is not replaced; it goes
 * through {@link InboundSession#data}.
 */
final class DataCommand extends BaseCommand {
  private static final Logger log = LoggerFactory.getLogger(DataCommand.class);

  /** Whether one answer goes to the whole message (SMTP) or one to each recipient (LMTP). */
  enum Answers {
    ONE,
    PER_RECIPIENT
  }

  private final long maxBytes;
  private final BodyBudget budget;
  private final Answers answers;
  private final boolean waitFor354;

  /**
   * @param waitFor354 whether a client that sends the message before the 354 is refused (SMTP)
   */
  DataCommand(long maxBytes, BodyBudget budget, Answers answers, boolean waitFor354) {
    super("DATA", "Following text is collected as the message.\nEnd data with <CR><LF>.<CR><LF>");
    this.maxBytes = maxBytes;
    this.budget = budget;
    this.answers = answers;
    this.waitFor354 = waitFor354;
  }

  @Override
  public void execute(String commandString, Session sess)
      throws IOException, DropConnectionException {
    if (!sess.isMailTransactionInProgress()) {
      sess.sendResponse("503 5.5.1 Error: need MAIL command");
      return;
    } else if (sess.getRecipientCount() == 0) {
      sess.sendResponse("503 Error: need RCPT command");
      return;
    }
    if (waitFor354 && sess.getRawInput().available() > 0) {
      log.info(
          "closed a session from {}: it sent its message before the 354 reply",
          sess.getRemoteAddress());
      throw new DropConnectionException(
          554, "5.5.0 Error: SMTP protocol synchronization: the message came before the 354 reply");
    }
    sess.sendResponse("354 End data with <CR><LF>.<CR><LF>");
    DataReader.Result body = DataReader.read(sess.getRawInput(), maxBytes, budget);
    // our listeners' sessions are all InboundSessions (InboundServer's handler factory)
    InboundSession handler = (InboundSession) sess.getMessageHandler();
    // the handler gives the body's share of the budget back once it is archived or refused
    List<Reply> replies =
        switch (answers) {
          case ONE -> List.of(handler.deliver(body));
          case PER_RECIPIENT -> handler.deliverEach(body);
        };
    // LMTP's replies go out in one write: a second small write would wait, under Nagle's
    // algorithm, for the client's delayed ACK of the first (up to 40 ms per recipient).
    sess.sendResponse(
        replies.stream()
            .map(r -> SMTPResponseHelper.buildResponse(String.valueOf(r.code()), r.text()))
            .collect(java.util.stream.Collectors.joining("\r\n")));
    sess.resetMailTransaction();
  }
}
