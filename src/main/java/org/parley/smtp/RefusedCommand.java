package org.parley.smtp;

import java.io.IOException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/** A command a listener knows but does not take, answered with a fixed reply that says why. */
final class RefusedCommand extends BaseCommand {
  private final String reply;

  RefusedCommand(String name, String reply) {
    super(name, "Not offered here.");
    this.reply = reply;
  }

  @Override
  public void execute(String commandString, Session sess) throws IOException {
    sess.sendResponse(reply);
  }
}
