package org.parley.cli;

import org.parley.ingest.IngestResult;

/**
 * What a command prints when it takes a kept message through the one path again ({@code parley held
 * approve}, {@code parley quarantine release}): one line for what became of it, exit code 0; or,
 * when a rule refuses it now or the store cannot take it, one line of why and exit code 1, the
 * message still kept.
 */
final class RunAgain {
  private RunAgain() {}

  /**
   * Prints what became of the message and returns the exit code.
   *
   * @param archived how the line for an archived message begins, e.g. "approved: archived"
   * @param gone what a message archived before now is, e.g. "no longer held"
   * @param stays what a refused message is and how to remove it, e.g. "It stays held; reject it
   *     with: parley held reject 7"
   * @throws CommandFailed when the message was refused or could not be stored
   */
  static int report(IngestResult result, String archived, String gone, String stays) {
    switch (result) {
      case IngestResult.Accepted a -> {
        System.out.println(
            a.duplicate()
                ? "already archived as post " + a.post() + "; " + gone
                : archived + " as post " + a.post() + " in topic " + a.topic());
        return 0;
      }
      case IngestResult.Discarded d -> {
        System.out.println("dropped by rule " + d.rule() + ": " + d.reason());
        return 0;
      }
      case IngestResult.Held h -> {
        System.out.println(
            "held for a moderator as held message " + h.id() + " (parley held list)");
        return 0;
      }
      case IngestResult.Refused x ->
          throw new CommandFailed(
              "refused by rule "
                  + x.rule()
                  + " ("
                  + x.code()
                  + " "
                  + x.status()
                  + "): "
                  + x.reason()
                  + " "
                  + stays);
      case IngestResult.Failed f -> throw new CommandFailed(f.reason());
      case IngestResult.NoRoom n -> throw new CommandFailed(n.reason());
      case IngestResult.Quarantined q ->
          throw new IllegalStateException("a message taken through again was quarantined");
    }
  }
}
