package org.parley.cli;

/** A command could not do what was asked; the message is the one line the user sees. */
final class CommandFailed extends RuntimeException {
  CommandFailed(String message) {
    super(message);
  }
}
