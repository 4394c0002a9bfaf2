package org.parley.mailcommand;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.parley.account.Account;
import org.parley.account.EmailAddress;
import org.parley.delivery.OutgoingMail;
import org.parley.group.AuditLog;
import org.parley.group.ChangedBy;
import org.parley.group.Confirmations;
import org.parley.group.Group;
import org.parley.group.Joining;
import org.parley.group.Links;
import org.parley.mailcommand.JoinRequests.Request;
import org.parley.mailtext.JoinDeclined;
import org.parley.mailtext.JoinRequestNotice;
import org.parley.mailtext.Welcome;
import org.parley.member.Bans;
import org.parley.member.DeliveryMode;
import org.parley.member.Member;
import org.parley.member.MemberStore;
import org.parley.member.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who becomes a member, by which door: joining a group open to anyone, asking to join a group that
 * asks ({@link Joining#ASK}) and an owner or manager deciding the request, on the web or by a reply
 * to the notice ({@link JoinDecision}). Every new member gets the welcome mail ({@link Welcome},
 * with the group's welcome text). A banned address ({@link Bans}) neither joins nor asks, and an
 * invited-only group ({@link Joining#CLOSED}) takes no requests.
 *
 * <p>A request's notice goes to each active owner and manager, each with a token of their own
 * ({@value #DECIDE}, {@link #REQUEST_LIFETIME}), so a reply decides it as the one who replied; once
 * it is decided, by reply or on the web, the tokens of the others act no more. Each decision is
 * kept in the group's audit log ({@code approve-join}, {@code decline-join}).
 */
public final class Admissions {
  /** The action word of the tokens in a request's notice. */
  public static final String DECIDE = "approve-join";

  /** How long a reply to a request's notice decides it: two weeks, as a held post waits. */
  public static final Duration REQUEST_LIFETIME = Duration.ofDays(14);

  private static final Logger log = LoggerFactory.getLogger(Admissions.class);

  /** What asking to join came to. */
  public sealed interface Asked {
    /** The asker is a member: they were one already, or the group is open to anyone. */
    record Joined() implements Asked {}

    /**
     * The request waits for the group's owners and managers.
     *
     * @param again whether it was waiting already (this ask changed nothing)
     */
    record Waits(Request request, boolean again) implements Asked {}

    /** Refused, for the reason the sentence gives. */
    record Refused(String sentence) implements Asked {}
  }

  private final Jdbi jdbi;
  private final JoinRequests requests;
  private final MemberStore members;
  private final Bans bans;
  private final Confirmations confirmations;
  private final AuditLog audit;
  private final GroupMail mail;
  private final Supplier<String> baseUrl;

  /**
   * @param domain the site's mail domain, of the groups' addresses
   * @param baseUrl the site's public URL, for the links in mail
   */
  public Admissions(
      Jdbi jdbi,
      JoinRequests requests,
      MemberStore members,
      Bans bans,
      Confirmations confirmations,
      AuditLog audit,
      OutgoingMail outgoing,
      String domain,
      Clock clock,
      Supplier<String> baseUrl) {
    this.jdbi = jdbi;
    this.requests = requests;
    this.members = members;
    this.bans = bans;
    this.confirmations = confirmations;
    this.audit = audit;
    this.mail = new GroupMail(outgoing, domain, clock);
    this.baseUrl = baseUrl;
  }

  /** Writes and queues this package's mail. */
  GroupMail mail() {
    return mail;
  }

  /** The site's public URL, for links in mail. */
  String baseUrl() {
    return baseUrl.get();
  }

  /** The requests that wait in each group. */
  public JoinRequests requests() {
    return requests;
  }

  /**
   * Why {@code address} may not join or ask to join {@code group}, in a sentence with the ban's
   * reason; empty when it may.
   */
  public Optional<String> banned(Group group, EmailAddress address) {
    return bans.banned(group.id(), address)
        .map(
            b ->
                address.value()
                    + " may not join "
                    + group.title()
                    + (b.reason().isBlank() ? ": it is banned." : ": " + b.reason().strip()));
  }

  /**
   * {@code account} asks to join {@code group} for {@code reason}: in a group open to anyone they
   * join at once; in a group that asks, the request is stored and its notice mailed to the group's
   * owners and managers, unless one waits already.
   *
   * @throws IOException if the notices could not be queued (the request is stored)
   */
  public Asked ask(Group group, Account account, String reason) throws IOException {
    if (members.find(group.id(), account.id()).isPresent()) {
      return new Asked.Joined();
    }
    Optional<String> banned = banned(group, account.email());
    if (banned.isPresent()) {
      return new Asked.Refused(banned.get());
    }
    return switch (group.joining()) {
      case CLOSED ->
          new Asked.Refused(
              group.title() + " takes no requests to join: its owners invite its members.");
      case OPEN -> {
        join(group, account);
        yield new Asked.Joined();
      }
      case ASK -> {
        Optional<Request> made = requests.ask(group.id(), account.id(), reason);
        if (made.isEmpty()) {
          yield new Asked.Waits(requests.find(group.id(), account.id()).orElseThrow(), true);
        }
        notifyModerators(group, made.get());
        yield new Asked.Waits(made.get(), false);
      }
    };
  }

  /**
   * Makes {@code account} a member of {@code group} and queues its welcome mail; nothing when it is
   * a member already.
   *
   * @return whether it became a member now
   */
  public boolean join(Group group, Account account) throws IOException {
    Member m;
    try {
      m = members.add(group.id(), account.id(), Role.MEMBER, DeliveryMode.EACH);
    } catch (IllegalStateException | org.parley.member.Banned notNow) {
      return false;
    }
    log.info("{} joined {}", m.email(), group.name());
    welcome(group, m);
    return true;
  }

  private void welcome(Group group, Member m) throws IOException {
    mail.send(
        group,
        m.email().value(),
        "Welcome to " + group.title(),
        new Welcome(
            false,
            group.title(),
            mail.addresses().post(group.name()),
            baseUrl.get() + Links.group(group.name().value()),
            group.welcome(),
            "",
            baseUrl.get() + Links.unsubscribe(m.token()),
            mail.addresses().owner(group.name())),
        null);
  }

  /** Mails each active owner and manager the request's notice, with a token of their own. */
  private void notifyModerators(Group group, Request r) throws IOException {
    List<Member> moderators =
        members.list(group.id()).stream()
            .filter(Member::active)
            .filter(Member::canModerate)
            .toList();
    for (Member m : moderators) {
      String token =
          confirmations.issue(
              group.id(), DECIDE, Long.toString(r.id()), m.email().value(), REQUEST_LIFETIME);
      mail.send(
          group,
          m.email().value(),
          "Request to join " + group.title() + ": " + r.who(),
          new JoinRequestNotice(
              group.title(),
              r.who(),
              r.reason(),
              baseUrl.get() + Links.requests(group.name().value()),
              REQUEST_LIFETIME.toDays()),
          mail.addresses().confirm(group.name(), token));
    }
    log.info(
        "{} asks to join {}; {} owner(s) and manager(s) told",
        r.email(),
        group.name(),
        moderators.size());
  }

  /**
   * Approves request {@code id}: the asker becomes a member and gets the welcome mail, the decision
   * is audit-logged, and the notice's tokens act no more.
   *
   * @return the request, or empty when it no longer waited (decided by someone else first)
   */
  public Optional<Request> approve(Group group, long id, ChangedBy by) throws IOException {
    Optional<Request> found = requests.find(group.id(), id);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Request r = found.get();
    boolean decided =
        jdbi.inTransaction(
            h -> {
              if (!requests.remove(h, group.id(), id)) {
                return false;
              }
              audit.action(h, group.id(), by, DECIDE, "request:" + r.email().key(), "member");
              return true;
            });
    if (!decided) {
      return Optional.empty();
    }
    confirmations.revoke(group.id(), DECIDE, Long.toString(id));
    try {
      welcome(group, members.add(group.id(), r.account(), Role.MEMBER, DeliveryMode.EACH));
    } catch (IllegalStateException already) {
      log.info("{} was a member of {} already when its request was approved", r.email(), group);
    } catch (org.parley.member.Banned banned) {
      log.info("{} was banned from {} after asking; the approval added nobody", r.email(), group);
    }
    log.info("the request of {} to join {} was approved", r.email(), group.name());
    return found;
  }

  /**
   * Declines request {@code id} for {@code reason}, which is mailed to the asker; the decision is
   * audit-logged, and the notice's tokens act no more.
   *
   * @return the request, or empty when it no longer waited
   */
  public Optional<Request> decline(Group group, long id, String reason, ChangedBy by) {
    Optional<Request> found = requests.find(group.id(), id);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Request r = found.get();
    String why = reason == null ? "" : reason.strip();
    boolean decided =
        jdbi.inTransaction(
            h -> {
              if (!requests.remove(h, group.id(), id)) {
                return false;
              }
              audit.action(
                  h,
                  group.id(),
                  by,
                  "decline-join",
                  "request:" + r.email().key(),
                  why.isEmpty() ? "declined" : "declined: " + why);
              mail.send(
                  h,
                  group,
                  r.email().value(),
                  "Your request to join " + group.title(),
                  new JoinDeclined(group.title(), why, mail.addresses().owner(group.name())),
                  null);
              return true;
            });
    if (!decided) {
      return Optional.empty();
    }
    confirmations.revoke(group.id(), DECIDE, Long.toString(id));
    log.info("the request of {} to join {} was declined", r.email(), group.name());
    return found;
  }
}
