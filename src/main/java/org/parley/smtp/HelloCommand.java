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
 * configured, so this list cannot go stale). HELO (RFC 5321 §4.1.1.1) answers with one line.
 *
 * <p>All three refuse a name that holds a control character (a NUL, say) with {@code 501 5.5.2}
 * (RELIABILITY item 16): no host is called that, and the name is kept for the log and the trace.
 */
final class HelloCommand extends BaseCommand {
  private final boolean extended;
  private final boolean chunking;

  private HelloCommand(String verb, String help, boolean extended, boolean chunking) {
    super(verb, help, "<hostname>");
    this.extended = extended;
    this.chunking = chunking;
  }

  /** HELO, for the SMTP listener: the greeting of RFC 821 clients, without extensions. */
  static HelloCommand helo() {
    return new HelloCommand("HELO", "Introduce yourself.", false, false);
  }

  /** EHLO, for the SMTP listener. */
  static HelloCommand ehlo() {
    return new HelloCommand("EHLO", "Introduce yourself.", true, true);
  }

  /** LHLO, for the LMTP listener. */
  static HelloCommand lhlo() {
    return new HelloCommand("LHLO", "Introduce yourself (LMTP).", true, false);
  }

  @Override
  public void execute(String commandString, Session sess) throws IOException {
    String[] args = getArgs(commandString);
    if (args.length < 2) {
      sess.sendResponse("501 5.5.4 Syntax: " + getName() + " hostname");
      return;
    }
    String control = controlCharacter(commandString);
    if (control != null) {
      sess.sendResponse(
          "501 5.5.2 The "
              + getName()
              + " line holds a control character ("
              + control
              + "); give this host's name or address literal, such as mail.example.org");
      return;
    }
    sess.resetMailTransaction();
    sess.setHelo(args[1]);
    if (!extended) {
      sess.sendResponse("250 " + sess.getServer().getHostName());
      return;
    }
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

  /** The name of the first control character (C0 or DEL) in {@code line}, or null if none. */
  static String controlCharacter(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == 0) {
        return "NUL";
      }
      if (c < 0x20 || c == 0x7f) {
        return String.format("U+%04X", (int) c);
      }
    }
    return null;
  }
}
