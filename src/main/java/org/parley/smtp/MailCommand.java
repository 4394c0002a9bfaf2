package org.parley.smtp;

import java.io.IOException;
import java.util.Locale;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.internal.util.EmailUtils;
import org.subethamail.smtp.server.Session;

/**
 * MAIL (RFC 5321 §4.1.1.2), replacing SubEthaSMTP's, which reads {@code SIZE=} (RFC 1870) only as
 * the last parameter: Postfix sends {@code MAIL FROM:<a> SIZE=1234 BODY=8BITMIME}, so a sender's
 * declared size was never seen, neither to refuse a message too large before it is sent nor to
 * check the disk has room for it; and a SIZE beyond 2^31 crashed the command into a 421 that
 * senders retry for days. Here SIZE is read wherever it stands; larger than the limit gets 552 at
 * once (RFC 1870 §6), malformed gets 501. Other parameters ({@code BODY}, {@code SMTPUTF8}, and
 * ones this server does not list) are let pass, as SubEthaSMTP did.
 */
final class MailCommand extends BaseCommand {
  MailCommand() {
    super("MAIL", "Specifies the sender.", "FROM: <sender> [ <parameters> ]");
  }

  @Override
  public void execute(String commandString, Session sess)
      throws IOException, DropConnectionException {
    if (sess.isMailTransactionInProgress()) {
      sess.sendResponse("503 5.5.1 Sender already specified.");
      return;
    }
    String args = getArgPredicate(commandString);
    if (!args.toUpperCase(Locale.ROOT).startsWith("FROM:") || args.substring(5).isBlank()) {
      sess.sendResponse("501 5.5.4 Syntax: MAIL FROM:<address>");
      return;
    }
    String[] pathAndParameters = split(args.substring(5));
    if (pathAndParameters == null) {
      sess.sendResponse("501 5.5.4 Syntax: MAIL FROM:<address> (the '>' is missing)");
      return;
    }
    String address = pathAndParameters[0];
    if (!EmailUtils.isValidEmailAddress(address, true)) {
      sess.sendResponse("553 5.1.7 <" + address + "> Invalid email address.");
      return;
    }
    long size = 0;
    String parameters = pathAndParameters[1];
    for (String parameter : parameters.isEmpty() ? new String[0] : parameters.split("\\s+")) {
      String p = parameter.toUpperCase(Locale.ROOT);
      if (p.startsWith("SIZE=")) {
        String value = p.substring(5);
        if (!value.matches("[0-9]{1,18}")) {
          sess.sendResponse("501 5.5.4 SIZE takes the message's size in bytes, not: " + value);
          return;
        }
        size = Long.parseLong(value);
      }
    }
    int max = sess.getServer().getMaxMessageSize();
    if (max > 0 && size > max) {
      sess.sendResponse("552 " + InboundSession.tooBigText(max));
      return;
    }
    sess.setDeclaredMessageSize((int) Math.min(size, Integer.MAX_VALUE));
    sess.startMailTransaction();
    try {
      sess.getMessageHandler().from(address);
    } catch (DropConnectionException e) {
      sess.resetMailTransaction();
      throw e;
    } catch (RejectException e) {
      sess.resetMailTransaction();
      sess.sendResponse(e.getErrorResponse());
      return;
    }
    sess.sendResponse("250 2.1.0 Ok");
  }

  /**
   * The reverse path (without its brackets) and the parameters after it: the path ends at its
   * closing bracket outside a quoted local part ({@code <"a>b"@example.com>}) or, given without
   * brackets, at the first space; null when the bracket is never closed.
   */
  static String[] split(String afterFrom) {
    String s = afterFrom.strip();
    if (!s.startsWith("<")) {
      int space = s.indexOf(' ');
      return space < 0
          ? new String[] {s, ""}
          : new String[] {s.substring(0, space), s.substring(space + 1).strip()};
    }
    boolean quoted = false;
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && quoted) {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == '>' && !quoted) {
        return new String[] {s.substring(1, i), s.substring(i + 1).strip()};
      }
    }
    return null;
  }
}
