package org.parley.group;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one home of a group's mail addresses on this site: it writes each of them and reads a
 * recipient back into the group, the kind of address and its token. A group {@code news} at {@code
 * lists.example.org} has its posting address {@code news@lists.example.org}, the people who run it
 * at {@code news-owner@} (RFC 2369 §3.6 {@code List-Owner}), the return path of everything the site
 * sends for it at {@code news-bounces@}, one return path per member at {@code
 * news-bounces+<token>@} (VERP, RFC 5321 §4.1.1.2), one leave address per member at {@code
 * news-leave+<token>@} (the mailto of RFC 2369 §3.2 {@code List-Unsubscribe}), and the command
 * addresses other list servers have ({@code news-request@}, {@code -join}, {@code -subscribe},
 * {@code -unsubscribe}, {@code -confirm}), which join and leave by mail and confirm by reply
 * ({@code org.parley.mailcommand}). {@link GroupName} reserves every suffix, so no group's name can
 * clash with another's address.
 *
 * <p>Reading: the domain is compared without case; the local part is read in lower case, its token
 * (a member's secret, lower-case hex) too; everything after the first {@code '+'} is the token.
 */
public final class ListAddresses {
  /** A member token as the site writes it into an address. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9]{1,128}");

  /** The kinds of address a group has, each with the suffix of its local part. */
  public enum Kind {
    /** {@code news@}: posts. */
    POST(""),
    /** {@code news-owner@}: the people who run the group. */
    OWNER("-owner"),
    /** {@code news-bounces@}, {@code news-bounces+<token>@}: return paths. */
    BOUNCES("-bounces"),
    /** {@code news-leave+<token>@}: a member leaving by mail. */
    LEAVE("-leave"),
    /** The command addresses other list servers have: joining, leaving, confirming by mail. */
    REQUEST("-request"),
    JOIN("-join"),
    SUBSCRIBE("-subscribe"),
    UNSUBSCRIBE("-unsubscribe"),
    CONFIRM("-confirm");

    private final String suffix;

    Kind(String suffix) {
      this.suffix = suffix;
    }

    /** What follows the group's name in the local part ({@code "-owner"}; empty for a post). */
    public String suffix() {
      return suffix;
    }

    /** Whether this is a command address ({@code org.parley.mailcommand}), not for posts. */
    public boolean command() {
      return this == REQUEST
          || this == JOIN
          || this == SUBSCRIBE
          || this == UNSUBSCRIBE
          || this == CONFIRM;
    }
  }

  /** The suffixes a group's name may not end in ({@link GroupName}). */
  static final List<String> RESERVED_SUFFIXES =
      List.of(
          Kind.BOUNCES.suffix,
          Kind.REQUEST.suffix,
          Kind.OWNER.suffix,
          Kind.JOIN.suffix,
          Kind.LEAVE.suffix,
          Kind.UNSUBSCRIBE.suffix,
          Kind.SUBSCRIBE.suffix,
          Kind.CONFIRM.suffix);

  /**
   * An address of this site, read.
   *
   * @param token what follows the first {@code '+'} of the local part, as written (possibly empty,
   *     not checked against the token alphabet: see {@link #isToken}); empty when there is no '+'
   */
  public record Parsed(GroupName group, Kind kind, Optional<String> token) {}

  private final String domain;

  /**
   * @param domain the site's mail domain, as in {@code Settings.domain()} (any case)
   */
  public ListAddresses(String domain) {
    this.domain = domain.toLowerCase(Locale.ROOT);
  }

  /** The site's mail domain, in lower case. */
  public String domain() {
    return domain;
  }

  /** {@code news@domain}: where members post. */
  public String post(GroupName group) {
    return group.value() + "@" + domain;
  }

  /** {@code news-owner@domain}: the group's owners and managers, each copy's List-Owner. */
  public String owner(GroupName group) {
    return group.value() + Kind.OWNER.suffix + "@" + domain;
  }

  /** {@code news-bounces@domain}: the return path of mail about the group that names no member. */
  public String bounces(GroupName group) {
    return group.value() + Kind.BOUNCES.suffix + "@" + domain;
  }

  /** {@code news-bounces+<token>@domain}: the return path of a copy to one member (VERP). */
  public String bounces(GroupName group, String memberToken) {
    return group.value() + Kind.BOUNCES.suffix + "+" + checked(memberToken) + "@" + domain;
  }

  /**
   * What a probe's token starts with in its return path, {@code news-bounces+probe-<token>@domain}
   * (bounce processing), so that its bounce is known as the probe's and not a copy's.
   */
  public static final String PROBE = "probe-";

  /** The local part of the site's feedback address, {@code feedback@domain}. */
  public static final String FEEDBACK = "feedback";

  /** {@code news-bounces+probe-<token>@domain}: the return path of a probe to one member. */
  public String probe(GroupName group, String probeToken) {
    return group.value() + Kind.BOUNCES.suffix + "+" + PROBE + checked(probeToken) + "@" + domain;
  }

  /**
   * {@code feedback@domain}: where mail providers send abuse feedback reports (RFC 5965) about the
   * site's mail. A group named {@code feedback} takes the address for its posts instead.
   */
  public String feedback() {
    return FEEDBACK + "@" + domain;
  }

  /** {@code news-leave+<token>@domain}: the mailto of a member's List-Unsubscribe. */
  public String leave(GroupName group, String memberToken) {
    return group.value() + Kind.LEAVE.suffix + "+" + checked(memberToken) + "@" + domain;
  }

  /**
   * {@code news-confirm+<token>@domain}: where a reply confirms the action a token stands for
   * ({@link Confirmations}).
   */
  public String confirm(GroupName group, String token) {
    return group.value() + Kind.CONFIRM.suffix + "+" + checked(token) + "@" + domain;
  }

  /** The RFC 2919 List-Id of a group ({@code news.domain}), without angle brackets. */
  public String listId(GroupName group) {
    return group.value() + "." + domain;
  }

  /** Whether {@code s} is a member token as the site writes one into an address. */
  public static boolean isToken(String s) {
    return s != null && TOKEN.matcher(s).matches();
  }

  /** Whether {@code addressDomain} is this site's mail domain (any case). */
  public boolean isOurs(String addressDomain) {
    return addressDomain != null && addressDomain.toLowerCase(Locale.ROOT).equals(domain);
  }

  /**
   * Reads an address of this site, {@code local@domain} with or without angle brackets and
   * surrounding space. Empty for another domain, and for a local part that names no possible group
   * ({@link #parseLocalPart}).
   */
  public Optional<Parsed> parse(String address) {
    if (address == null) {
      return Optional.empty();
    }
    String s = address.trim();
    if (s.startsWith("<") && s.endsWith(">")) {
      s = s.substring(1, s.length() - 1).trim();
    }
    int at = s.lastIndexOf('@');
    if (at <= 0 || !isOurs(s.substring(at + 1))) {
      return Optional.empty();
    }
    return parseLocalPart(s.substring(0, at));
  }

  /**
   * Reads the local part of an address of this site: in lower case, split at its first {@code '+'};
   * what comes before is a group's name followed by one of the {@link Kind} suffixes, or a group's
   * name alone (a post). Empty when no valid {@link GroupName} is left. Whether the group exists,
   * and whether the kind takes a token, is for the caller.
   */
  public Optional<Parsed> parseLocalPart(String localPart) {
    if (localPart == null) {
      return Optional.empty();
    }
    String local = localPart.toLowerCase(Locale.ROOT);
    int plus = local.indexOf('+');
    String base = plus >= 0 ? local.substring(0, plus) : local;
    Optional<String> token = plus >= 0 ? Optional.of(local.substring(plus + 1)) : Optional.empty();
    for (Kind kind : Kind.values()) {
      if (kind != Kind.POST && base.endsWith(kind.suffix)) {
        Optional<GroupName> group = name(base.substring(0, base.length() - kind.suffix.length()));
        if (group.isPresent()) {
          return Optional.of(new Parsed(group.get(), kind, token));
        }
      }
    }
    return name(base).map(g -> new Parsed(g, Kind.POST, token));
  }

  private static Optional<GroupName> name(String s) {
    try {
      return Optional.of(GroupName.of(s));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String checked(String memberToken) {
    if (!isToken(memberToken)) {
      throw new IllegalArgumentException("not a member token: " + memberToken);
    }
    return memberToken;
  }
}
