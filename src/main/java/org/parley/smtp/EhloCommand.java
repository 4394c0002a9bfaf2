package org.parley.smtp;

import java.io.IOException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * EHLO (RFC 5321 §4.1.1.1), replacing SubEthaSMTP's own on our SMTP listener so that it also lists
 * PIPELINING (RFC 2920): a sending MTA such as Postfix then sends MAIL, RCPT and DATA in one packet
 * and waits once, not three times, which over a long link is most of a message's time. Our listener
 * has always taken pipelined commands (they are read one line at a time from one buffered stream,
 * and {@link DataReader} stops exactly at the message's end); it now says so. It also lists
 * 8BITMIME, SIZE, CHUNKING (BDAT, RFC 3030) and SMTPUTF8, as SubEthaSMTP's EHLO does; neither
 * STARTTLS nor AUTH, which our listener does not offer ({@link InboundServer} refuses to start with
 * either configured, so this list cannot go stale).
 */
final class EhloCommand extends BaseCommand {
  EhloCommand() {
    super("EHLO", "Introduce yourself.", "<hostname>");
  }

  @Override
  public void execute(String commandString, Session sess) throws IOException {
    String[] args = getArgs(commandString);
    if (args.length < 2) {
      sess.sendResponse("501 5.5.4 Syntax: EHLO hostname");
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
    r.append("250-CHUNKING\r\n");
    r.append("250 SMTPUTF8");
    sess.sendResponse(r.toString());
  }
}
