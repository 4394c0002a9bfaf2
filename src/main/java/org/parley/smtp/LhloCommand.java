package org.parley.smtp;

import java.io.IOException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * LHLO, LMTP's EHLO (RFC 2033 §4.1). Lists what our LMTP listener offers: PIPELINING, which RFC
 * 2033 §5 requires of every LMTP server, 8BITMIME, SIZE and SMTPUTF8. Not CHUNKING: BDAT over LMTP
 * would owe one answer per recipient after BDAT LAST (RFC 3030 §2), and only DATA gives that here.
 */
final class LhloCommand extends BaseCommand {
  LhloCommand() {
    super("LHLO", "Introduce yourself (LMTP).", "<hostname>");
  }

  @Override
  public void execute(String commandString, Session sess) throws IOException {
    String[] args = getArgs(commandString);
    if (args.length < 2) {
      sess.sendResponse("501 5.5.4 Syntax: LHLO hostname");
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
    r.append("250 SMTPUTF8");
    sess.sendResponse(r.toString());
  }
}
