package org.parley.mailauth;

import java.util.List;
import java.util.Optional;

/**
 * DMARC's evaluation of one message (RFC 7489 §3.1, §4.2, §6.6.2): the identifiers SPF and DKIM
 * authenticated, compared with the domain of the header From under the domain's alignment modes. A
 * message passes when one identifier that passed is aligned; {@code pct=} is not applied (this site
 * holds or refuses by its own setting, not by sampling).
 */
public final class Dmarc {
  private Dmarc() {}

  /**
   * Evaluates a message.
   *
   * @param fromDomain the domain of the header From
   * @param policy what looking up that domain's DMARC record gave
   * @param spf SPF's result for the envelope sender (or the HELO name of a bounce)
   * @param dkim one result per DKIM signature
   */
  public static DmarcResult evaluate(
      String fromDomain, DmarcPolicy policy, SpfResult spf, List<DkimResult> dkim) {
    String from = Domains.normal(fromDomain);
    if (from.isEmpty()) {
      return new DmarcResult(
          DmarcResult.Outcome.NONE, from, Optional.empty(), false, "the From has no domain");
    }
    return switch (policy) {
      case DmarcPolicy.Published p -> {
        boolean strictSpf = p.record().strictSpf();
        boolean strictDkim = p.record().strictDkim();
        Optional<DmarcRecord.Policy> applies = Optional.of(p.policy());
        if (aligned(from, spf, dkim, strictSpf, strictDkim)) {
          yield new DmarcResult(DmarcResult.Outcome.PASS, from, applies, true, "");
        }
        if (undecided(from, spf, dkim, strictSpf, strictDkim)) {
          yield new DmarcResult(
              DmarcResult.Outcome.TEMPERROR,
              from,
              applies,
              false,
              "a look-up for an aligned identifier failed");
        }
        yield new DmarcResult(
            DmarcResult.Outcome.FAIL, from, applies, false, "no aligned SPF or DKIM pass");
      }
      case DmarcPolicy.Unpublished u -> {
        boolean aligned = aligned(from, spf, dkim, false, false);
        if (!aligned && undecided(from, spf, dkim, false, false)) {
          yield new DmarcResult(
              DmarcResult.Outcome.TEMPERROR,
              from,
              Optional.empty(),
              false,
              "a look-up for an aligned identifier failed");
        }
        yield new DmarcResult(
            DmarcResult.Outcome.NONE,
            from,
            Optional.empty(),
            aligned,
            aligned ? "" : "no aligned SPF or DKIM pass");
      }
      case DmarcPolicy.Unknown k -> {
        // without the record the modes are unknown: only an identifier aligned even strictly counts
        if (aligned(from, spf, dkim, true, true)) {
          yield new DmarcResult(DmarcResult.Outcome.PASS, from, Optional.empty(), true, "");
        }
        yield new DmarcResult(
            DmarcResult.Outcome.TEMPERROR,
            from,
            Optional.empty(),
            false,
            "the DMARC record could not be looked up");
      }
    };
  }

  /** Whether SPF or a DKIM signature passed for a domain aligned with {@code from}. */
  static boolean aligned(
      String from, SpfResult spf, List<DkimResult> dkim, boolean strictSpf, boolean strictDkim) {
    if (spf.passed() && Domains.aligned(spf.domain(), from, strictSpf)) {
      return true;
    }
    for (DkimResult d : dkim) {
      if (d.outcome() == DkimResult.Outcome.PASS && Domains.aligned(d.domain(), from, strictDkim)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a temporary error hides what an aligned identifier would have given. */
  private static boolean undecided(
      String from, SpfResult spf, List<DkimResult> dkim, boolean strictSpf, boolean strictDkim) {
    if (spf.outcome() == SpfResult.Outcome.TEMPERROR
        && Domains.aligned(spf.domain(), from, strictSpf)) {
      return true;
    }
    for (DkimResult d : dkim) {
      if (d.outcome() == DkimResult.Outcome.TEMPERROR
          && Domains.aligned(d.domain(), from, strictDkim)) {
        return true;
      }
    }
    return false;
  }
}
