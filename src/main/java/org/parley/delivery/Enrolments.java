package org.parley.delivery;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.parley.account.Account;
import org.parley.account.AccountStore;
import org.parley.account.EmailAddress;
import org.parley.crypto.Tokens;
import org.parley.db.Database;
import org.parley.group.AuditLog;
import org.parley.group.ChangedBy;
import org.parley.group.Confirmations;
import org.parley.group.Group;
import org.parley.group.Links;
import org.parley.group.ListAddresses;
import org.parley.mailtext.Invitation;
import org.parley.mailtext.MailTexts;
import org.parley.mailtext.Welcome;
import org.parley.member.Banned;
import org.parley.member.Bans;
import org.parley.member.DeliveryMode;
import org.parley.member.Member;
import org.parley.member.MemberStore;
import org.parley.member.Role;
import org.parley.member.Roster;
import org.parley.mime.Draft;
import org.parley.mime.Mailbox;
import org.parley.mime.MessageComposer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Members who did not join by themselves: added directly by one who runs the group, or invited by
 * mail and joining by the invitation's link. Each new member is mailed a welcome ({@code
 * mail/welcome.jte}: the group's welcome text, its address, its page and the link that leaves it),
 * queued as {@link OutgoingMail} in the transaction that adds them, so nobody is added unmailed nor
 * mailed unadded.
 *
 * <p>Adding people without their consent is capped: at most {@code maxDirectAddsPerDay} per group
 * in any 24 hours (the site setting {@code max_direct_adds_per_day}), counted from the audit log's
 * {@value Roster#ADD_MEMBER} rows. A list that would go over it is refused whole, as is one naming
 * a banned address: nothing is half-added.
 *
 * <p>An invitation is a {@link Confirmations} token of action {@value #INVITE}, sent to one
 * address, that lives {@link #INVITATION_LIFETIME} and is used once; its link is {@code
 * /g/<group>/invite/<token>}. One address is invited at most once an hour per group, so the form
 * cannot be used to flood someone's mailbox.
 */
public final class Enrolments {
  /** The confirmation action of an invitation, and the audit log's word for sending one. */
  public static final String INVITE = "invite";

  /** How long an invitation's link works. */
  public static final Duration INVITATION_LIFETIME = Duration.ofDays(14);

  /** The window of the cap on direct adds. */
  static final Duration DAY = Duration.ofHours(24);

  private static final Logger log = LoggerFactory.getLogger(Enrolments.class);

  /** A list of direct adds over the day's cap: nothing was added. */
  public static final class OverCap extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OverCap(String sentence) {
      super(sentence);
    }
  }

  /**
   * What a list of addresses came to.
   *
   * @param done the addresses added (or invited)
   * @param skipped the addresses left alone, each with why (a member already, invited within the
   *     hour)
   */
  public record Outcome(List<String> done, List<String> skipped) {}

  /** What following an invitation's link came to. */
  public sealed interface Accepted {
    /** The viewer is a member now. */
    record Joined(Member member) implements Accepted {}

    /** The viewer was a member already; the invitation is still unused. */
    record AlreadyMember() implements Accepted {}

    /** The link is unknown, used, expired, or another group's. */
    record Gone() implements Accepted {}
  }

  private final Jdbi jdbi;
  private final AccountStore accounts;
  private final MemberStore members;
  private final Roster roster;
  private final Bans bans;
  private final Confirmations confirmations;
  private final AuditLog audit;
  private final OutgoingMail outgoing;
  private final ListAddresses addresses;
  private final Supplier<String> baseUrl;
  private final Clock clock;
  private final int maxDirectAddsPerDay;
  private final MailTexts texts = new MailTexts();
  private final MessageComposer composer = new MessageComposer();

  public Enrolments(
      Database db,
      AccountStore accounts,
      MemberStore members,
      Roster roster,
      Bans bans,
      Confirmations confirmations,
      AuditLog audit,
      OutgoingMail outgoing,
      String domain,
      Supplier<String> baseUrl,
      Clock clock,
      int maxDirectAddsPerDay) {
    this.jdbi = db.jdbi();
    this.accounts = accounts;
    this.members = members;
    this.roster = roster;
    this.bans = bans;
    this.confirmations = confirmations;
    this.audit = audit;
    this.outgoing = outgoing;
    this.addresses = new ListAddresses(domain);
    this.baseUrl = baseUrl;
    this.clock = clock;
    this.maxDirectAddsPerDay = maxDirectAddsPerDay;
  }

  /** The most members one group may have added directly in 24 hours. */
  public int maxDirectAddsPerDay() {
    return maxDirectAddsPerDay;
  }

  /**
   * Reads a list of addresses as typed, one per line (commas and spaces separate too), each once.
   *
   * @throws IllegalArgumentException naming the first entry that is not an address, or for none
   */
  public static List<EmailAddress> parse(String typed) {
    List<EmailAddress> out = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (String entry : (typed == null ? "" : typed).split("[\\s,;]+")) {
      if (entry.isBlank()) {
        continue;
      }
      if (!EmailAddress.isValid(entry)) {
        throw new IllegalArgumentException(entry + " is not an email address.");
      }
      EmailAddress a = EmailAddress.of(entry);
      if (!keys.contains(a.key())) {
        keys.add(a.key());
        out.add(a);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("Write at least one address, one per line.");
    }
    return out;
  }

  /**
   * Adds {@code list} to {@code group} as members, each mailed a welcome with {@code note}; an
   * address without an account gets one (without a password: they may set one by signing up).
   *
   * @throws Banned when a ban covers one of them: nobody is added
   * @throws OverCap when the new members would pass the day's cap: nobody is added
   * @throws IOException when the store would not take it: nobody is added
   */
  public Outcome addDirectly(Group group, List<EmailAddress> list, String note, ChangedBy by)
      throws IOException {
    List<EmailAddress> fresh = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (EmailAddress a : list) {
      Optional<Bans.Ban> ban = bans.banned(group.id(), a);
      if (ban.isPresent()) {
        throw new Banned(
            a.value()
                + " is banned from this group ("
                + ban.get().pattern()
                + "), so nobody was added. Lift the ban first, or leave the address out.");
      }
      if (members.find(group.id(), a).isPresent()) {
        skipped.add(a.value() + " (a member already)");
      } else {
        fresh.add(a);
      }
    }
    int before = jdbi.withHandle(h -> roster.directAddsWithin(h, group.id(), DAY));
    if (before + fresh.size() > maxDirectAddsPerDay) {
      throw overCap(before, fresh.size());
    }
    List<Account> made = new ArrayList<>();
    for (EmailAddress a : fresh) {
      made.add(accounts.ensure(a, ""));
    }
    try {
      jdbi.useTransaction(
          h -> {
            int done = roster.directAddsWithin(h, group.id(), DAY);
            if (done + made.size() > maxDirectAddsPerDay) {
              throw overCap(done, made.size()); // others added meanwhile
            }
            for (Account a : made) {
              Member m = roster.addDirectly(h, group.id(), a.id(), note, by);
              welcome(h, group, m, true, note);
            }
          });
    } catch (JdbiException e) {
      throw new IOException("members could not be added to " + group.name() + ": " + e, e);
    }
    List<String> done = made.stream().map(a -> a.email().value()).toList();
    log.info("{}: added {} directly ({})", group.name(), done, by);
    return new Outcome(done, skipped);
  }

  /**
   * Invites each of {@code list} to {@code group} by mail, from {@code inviter}, with {@code note}.
   * Members already, and addresses invited to the group within the hour, are skipped.
   *
   * @throws Banned when a ban covers one of them: nobody is invited
   * @throws IOException when the store would not take it
   */
  public Outcome invite(
      Group group, List<EmailAddress> list, String inviter, String note, ChangedBy by)
      throws IOException {
    for (EmailAddress a : list) {
      Optional<Bans.Ban> ban = bans.banned(group.id(), a);
      if (ban.isPresent()) {
        throw new Banned(
            a.value()
                + " is banned from this group ("
                + ban.get().pattern()
                + "), so nobody was invited. Lift the ban first, or leave the address out.");
      }
    }
    List<String> done = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (EmailAddress a : list) {
      if (members.find(group.id(), a).isPresent()) {
        skipped.add(a.value() + " (a member already)");
        continue;
      }
      if (confirmations.sentWithin(group.id(), INVITE, a.key(), Duration.ofHours(1))) {
        skipped.add(a.value() + " (invited within the last hour)");
        continue;
      }
      String token = confirmations.issue(group.id(), INVITE, "", a.key(), INVITATION_LIFETIME);
      String link = baseUrl.get() + Links.group(group.name().value()) + "invite/" + token;
      String text =
          texts.render(
              new Invitation(
                  group.title(),
                  addresses.post(group.name()),
                  group.description(),
                  inviter,
                  note,
                  link,
                  INVITATION_LIFETIME.toDays()));
      try {
        jdbi.useTransaction(
            h -> {
              queue(h, group, a, "Invitation to join " + group.title(), text);
              audit.action(h, group.id(), by, INVITE, a.value(), "invited");
            });
      } catch (JdbiException e) {
        throw new IOException("the invitation to " + a + " could not be queued: " + e, e);
      }
      done.add(a.value());
    }
    log.info("{}: invited {} ({})", group.name(), done, by);
    return new Outcome(done, skipped);
  }

  /**
   * Whether {@code token} is a live invitation to {@code group}, without using it: for the page
   * that shows the invitation before its Join button.
   */
  public Optional<Confirmations.Confirmation> invitation(Group group, String token) {
    return confirmations
        .peek(token)
        .filter(c -> c.groupId() == group.id() && c.action().equals(INVITE));
  }

  /**
   * Uses invitation {@code token} to {@code group}: {@code account} becomes a member (in any group,
   * invite-only too) and is mailed the group's welcome.
   *
   * @throws Banned when a ban covers the account's address: the invitation stays unused
   * @throws IOException when the store would not take it
   */
  public Accepted accept(Group group, String token, Account account) throws IOException {
    if (invitation(group, token).isEmpty()) {
      return new Accepted.Gone();
    }
    if (members.find(group.id(), account.id()).isPresent()) {
      return new Accepted.AlreadyMember();
    }
    Optional<Bans.Ban> ban = bans.banned(group.id(), account.email());
    if (ban.isPresent()) {
      throw new Banned(
          "You ("
              + account.email().value()
              + ") are banned from this group by its moderators"
              + (ban.get().reason().isBlank() ? "" : " (" + ban.get().reason() + ")")
              + ".");
    }
    if (confirmations.take(token).isEmpty()) {
      return new Accepted.Gone(); // used a moment ago, or expired since the look
    }
    try {
      Member m =
          jdbi.inTransaction(
              h -> {
                Member added =
                    members.add(h, group.id(), account.id(), Role.MEMBER, DeliveryMode.EACH);
                audit.action(
                    h,
                    group.id(),
                    new ChangedBy.SignedIn(account.id()),
                    "join-by-invitation",
                    account.email().value(),
                    "joined");
                welcome(h, group, added, false, "");
                return added;
              });
      log.info("{}: {} joined by invitation", group.name(), account.email());
      return new Accepted.Joined(m);
    } catch (IllegalStateException already) {
      return new Accepted.AlreadyMember();
    } catch (JdbiException e) {
      throw new IOException("the invitation to " + group.name() + " could not be used: " + e, e);
    }
  }

  private OverCap overCap(int done, int more) {
    return new OverCap(
        "A group may have at most "
            + maxDirectAddsPerDay
            + " people added without their consent in a day; "
            + done
            + " were added in the last 24 hours, and this list has "
            + more
            + " more. Nobody was added: invite them instead, or add fewer tomorrow.");
  }

  private void welcome(Handle h, Group group, Member m, boolean added, String note) {
    String base = baseUrl.get();
    String text =
        texts.render(
            new Welcome(
                added,
                group.title(),
                addresses.post(group.name()),
                base + Links.group(group.name().value()),
                group.welcome(),
                note,
                base + Links.unsubscribe(m.token()),
                addresses.owner(group.name())));
    queue(h, group, m.email(), "Welcome to " + group.title(), text);
  }

  private void queue(Handle h, Group group, EmailAddress to, String subject, String text) {
    String messageId = Tokens.hex(16) + "@" + addresses.domain();
    byte[] raw =
        composer.compose(
            new Draft(
                messageId,
                clock.instant(),
                new Mailbox(group.title(), addresses.owner(group.name())),
                List.of(new Mailbox("", to.value())),
                List.of(),
                null,
                subject,
                null,
                List.of(),
                text,
                null,
                Map.of("Auto-Submitted", "auto-generated")));
    outgoing.queue(h, messageId, addresses.bounces(group.name()), List.of(to.value()), raw);
  }
}
