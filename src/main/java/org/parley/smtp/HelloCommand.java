package org.parley.smtp;

import java.io.IOException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * The greeting that lists what a listener offers: EHLO on SMTP (RFC 5321 §4.1.1.1), replacing
 * SubEthaSMTP's own, and LHLO on LMTP (RFC 2033 §4.1), which SubEthaSMTP lacks.
 *
 * <p>Both list PIPELINING (RFC 2920): a sending MTA such as Postfix then sends MAIL, RCPT and DATA
 * in one packet and waits once, not three times, which over a long link is most of a message's
 * time; RFC 2033 §5 requires it of every LMTP server. SubEthaSMTP's EHLO leaves it out, though its
 * sessions read commands one line at a time from one buffered stream and {@link DataReader} stops
 * exactly at the message's end, so pipelined commands were always taken correctly. Both also list
 * 8BITMIME, SIZE and SMTPUTF8. CHUNKING (BDAT, RFC 3030) only on SMTP: over LMTP, BDAT would owe
 * one answer per recipient after BDAT LAST, and only DATA gives that here. Neither lists STARTTLS
 * or AUTH, which our listeners do not offer ({@link InboundServer} refuses to start with either
 * configured, so this list cannot go stale).
 */
final class HelloCommand extends BaseCommand {
  private final boolean chunking;

  private HelloCommand(String verb, String help, boolean chunking) {
    super(verb, help, "<hostname>");
    this.chunking = chunking;
  }

  /** EHLO, for the SMTP listener. */
  static HelloCommand ehlo() {
    return new HelloCommand("EHLO", "Introduce yourself.", true);
  }

  /** LHLO, for the LMTP listener. */
  static HelloCommand lhlo() {
    return new HelloCommand("LHLO", "Introduce yourself (LMTP).", false);
  }

  @Override
  public void execute(String commandString, Session sess) throws IOException {
    String[] args = getArgs(commandString);
    if (args.length < 2) {
      sess.sendResponse("501 5.5.4 Syntax: " + getName() + " hostname");
      return;
    }
    sess.resetMailTransaction();
    sess.setHelo(args[1]);
    StringBuilder r = new StringBuilder();
    r.append("250-").append(sess.getServer().getHostName()).append("\r\n");
    r.append("250-PIPELINING\r\n");
    r.append("250-8BITMIME\r\n");
    int maxSize = sess.getServer().getMaxMessageSize();
    if (maxSize > 0) {
      r.append("250-SIZE ").append(maxSize).append("\r\n");
    }
    if (chunking) {
      r.append("250-CHUNKING\r\n");
    }
    r.append("250 SMTPUTF8");
    sess.sendResponse(r.toString());
  }
}
