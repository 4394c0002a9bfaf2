package org.parley.mailauth;

import java.util.Locale;
import java.util.Optional;

/**
 * A domain's DMARC record (RFC 7489 §6.3), as far as a list needs it: what the domain asks
 * receivers to do with mail that fails ({@code p=}, and {@code sp=} for its subdomains), how strict
 * alignment is ({@code adkim=}, {@code aspf=}) and to what share of such mail the policy applies
 * ({@code pct=}).
 *
 * @param pct 0 to 100
 */
public record DmarcRecord(
    Policy policy,
    Optional<Policy> subdomainPolicy,
    boolean strictDkim,
    boolean strictSpf,
    int pct) {

  /** What a domain asks receivers to do with mail from it that fails DMARC. */
  public enum Policy {
    NONE,
    QUARANTINE,
    REJECT;

    /** The word the record and Authentication-Results use. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a receiver that honours it would refuse or junk such mail. */
    public boolean enforced() {
      return this != NONE;
    }

    static Optional<Policy> of(String word) {
      return switch (word.strip().toLowerCase(Locale.ROOT)) {
        case "none" -> Optional.of(NONE);
        case "quarantine" -> Optional.of(QUARANTINE);
        case "reject" -> Optional.of(REJECT);
        default -> Optional.empty();
      };
    }
  }

  /**
   * Reads one TXT record; empty when it is not a DMARC record (it must start {@code v=DMARC1}) or
   * its {@code p=} is missing or unknown. A record without a valid {@code p=} but with a {@code
   * rua=} is taken as {@code p=none}, as RFC 7489 §6.6.3 says.
   */
  public static Optional<DmarcRecord> parse(String txt) {
    String[] tags = txt.split(";");
    if (tags.length == 0 || !tags[0].strip().replace(" ", "").equalsIgnoreCase("v=DMARC1")) {
      return Optional.empty();
    }
    Optional<Policy> p = Optional.empty();
    Optional<Policy> sp = Optional.empty();
    boolean strictDkim = false;
    boolean strictSpf = false;
    boolean rua = false;
    int pct = 100;
    for (int i = 1; i < tags.length; i++) {
      int eq = tags[i].indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = tags[i].substring(0, eq).strip().toLowerCase(Locale.ROOT);
      String value = tags[i].substring(eq + 1).strip();
      switch (key) {
        case "p" -> p = Policy.of(value);
        case "sp" -> sp = Policy.of(value);
        case "adkim" -> strictDkim = value.equalsIgnoreCase("s");
        case "aspf" -> strictSpf = value.equalsIgnoreCase("s");
        case "rua" -> rua = !value.isEmpty();
        case "pct" -> pct = percent(value);
        default -> {}
      }
    }
    if (p.isEmpty()) {
      if (!rua) {
        return Optional.empty();
      }
      p = Optional.of(Policy.NONE);
    }
    return Optional.of(new DmarcRecord(p.get(), sp, strictDkim, strictSpf, pct));
  }

  private static int percent(String value) {
    try {
      return Math.max(0, Math.min(100, Integer.parseInt(value)));
    } catch (NumberFormatException e) {
      return 100;
    }
  }
}
