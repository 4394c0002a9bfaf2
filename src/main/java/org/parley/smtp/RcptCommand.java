package org.parley.smtp;

import java.io.IOException;
import java.util.Locale;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.internal.util.EmailUtils;
import org.subethamail.smtp.server.Session;

/**
 * RCPT (RFC 5321 §4.1.1.3), replacing SubEthaSMTP's, whose replies carry no enhanced status code
 * (RFC 3463) and whose answer past the recipient limit ({@code 452 Error: too many recipients})
 * does not say what to do. The sender is told, with {@code 452 4.5.3}, to send the rest in another
 * transaction (RFC 5321 §4.5.3.1.8), and that the recipients already taken stand. The rest is as
 * SubEthaSMTP did: the session's handler decides, and its refusal is the reply.
 */
final class RcptCommand extends BaseCommand {
  RcptCommand() {
    super("RCPT", "Specifies the recipient. Can be used any number of times.", "TO: <recipient>");
  }

  @Override
  public void execute(String commandString, Session sess)
      throws IOException, DropConnectionException {
    if (!sess.isMailTransactionInProgress()) {
      sess.sendResponse("503 5.5.1 Error: need MAIL command");
      return;
    }
    int max = sess.getServer().getMaxRecipients();
    if (max >= 0 && sess.getRecipientCount() >= max) {
      sess.sendResponse(
          "452 4.5.3 Too many recipients: this server takes "
              + max
              + " per message; send to the rest in another one");
      return;
    }
    String args = getArgPredicate(commandString);
    if (!args.toUpperCase(Locale.ROOT).startsWith("TO:") || args.substring(3).isBlank()) {
      sess.sendResponse("501 5.5.4 Syntax: RCPT TO:<address>");
      return;
    }
    String recipient = EmailUtils.extractEmailAddress(args, 3);
    try {
      sess.getMessageHandler().recipient(recipient);
    } catch (DropConnectionException e) {
      throw e;
    } catch (RejectException e) {
      sess.sendResponse(e.getErrorResponse());
      return;
    }
    sess.addRecipient(recipient);
    sess.sendResponse("250 2.1.5 Ok");
  }
}
