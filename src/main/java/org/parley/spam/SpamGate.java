package org.parley.spam;

import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the ingest path hands an incoming message to the site's spam filter, before the screen
 * (DESIGN §3 step 2), and learns what became of it: scored, not looked at (no filter, or the filter
 * failed and the site takes unscreened mail), or to be tried again later.
 */
public final class SpamGate {
  private static final Logger log = LoggerFactory.getLogger(SpamGate.class);

  /** A site with no filter in front: every message passes unscreened. */
  public static final SpamGate NONE = new SpamGate(Optional.empty(), SpamPolicy.OnFailure.DEFER);

  /** The sentence a sender is given when the filter could not look at their message. */
  public static final String UNREACHABLE = "The spam filter could not be reached; try again later.";

  /** What became of a message at the gate. */
  public sealed interface Outcome {
    /** The filter looked at it. */
    record Scored(SpamResult result) implements Outcome {}

    /** No filter looked at it: the site has none, or it failed and unscreened mail is taken. */
    record Unscreened() implements Outcome {}

    /**
     * The filter could not look at it and the site defers such mail: the sender tries again.
     *
     * @param why what went wrong, for the log
     */
    record Unavailable(String why) implements Outcome {}
  }

  private final Optional<SpamFilter> filter;
  private final SpamPolicy.OnFailure onFailure;

  public SpamGate(Optional<SpamFilter> filter, SpamPolicy.OnFailure onFailure) {
    this.filter = filter;
    this.onFailure = onFailure;
  }

  /** Whether a filter is in front at all. */
  public boolean filters() {
    return filter.isPresent();
  }

  /**
   * Hands {@code raw} to the filter.
   *
   * @param messageId the message's id as the log names it
   */
  public Outcome check(byte[] raw, Arrival arrival, String messageId) {
    if (filter.isEmpty()) {
      return new Outcome.Unscreened();
    }
    SpamFilter f = filter.get();
    try {
      SpamResult result = f.check(raw, arrival);
      log.debug("{} from {}: {}", messageId, arrival.mailFrom(), result.summary());
      return new Outcome.Scored(result);
    } catch (IOException | RuntimeException e) {
      String why = f.name() + ": " + e;
      if (onFailure == SpamPolicy.OnFailure.ACCEPT) {
        log.warn(
            "the spam filter could not check {} from {} ({}); it goes on unscreened, as"
                + " spam_filter_on_failure = accept asks",
            messageId,
            arrival.mailFrom(),
            why);
        return new Outcome.Unscreened();
      }
      log.warn(
          "the spam filter could not check {} from {} ({}); the sender is asked to try again",
          messageId,
          arrival.mailFrom(),
          why);
      return new Outcome.Unavailable(why);
    }
  }
}
