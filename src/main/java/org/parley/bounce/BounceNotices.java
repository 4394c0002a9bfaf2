package org.parley.bounce;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.parley.account.AccountStore;
import org.parley.account.EmailAddress;
import org.parley.crypto.Tokens;
import org.parley.delivery.OutgoingMail;
import org.parley.group.Group;
import org.parley.group.Links;
import org.parley.group.ListAddresses;
import org.parley.mailtext.BounceDisabled;
import org.parley.mailtext.BounceProbe;
import org.parley.mailtext.BounceSummary;
import org.parley.mailtext.ComplaintNotice;
import org.parley.mailtext.MailTexts;
import org.parley.member.Member;
import org.parley.member.MemberStore;
import org.parley.member.Role;
import org.parley.mime.Draft;
import org.parley.mime.Mailbox;
import org.parley.mime.MessageComposer;

/**
 * The mail bounce processing writes: the probe to a member whose copies keep bouncing, the notice
 * and warnings to a member whose delivery bounces disabled, the owners' weekly summary of those
 * members and their daily notice of complaints. Each is composed here from its template ({@link
 * MailTexts}) and queued as {@link OutgoingMail} in the caller's transaction, so it is sent exactly
 * when what it tells of is committed.
 *
 * <p>A probe goes out with its own return path ({@link ListAddresses#probe}), so its bounce is
 * known as the probe's; the other notices go out with the group's bare bounce address, so a bounce
 * of a notice is read like any report and never loops.
 */
public final class BounceNotices {
  private final OutgoingMail outgoing;
  private final MemberStore members;
  private final AccountStore accounts;
  private final ListAddresses addresses;
  private final Supplier<String> baseUrl;
  private final MailTexts texts = new MailTexts();
  private final MessageComposer composer = new MessageComposer();

  public BounceNotices(
      OutgoingMail outgoing,
      MemberStore members,
      AccountStore accounts,
      String domain,
      Supplier<String> baseUrl) {
    this.outgoing = outgoing;
    this.members = members;
    this.accounts = accounts;
    this.addresses = new ListAddresses(domain);
    this.baseUrl = baseUrl;
  }

  /** Queues a probe to {@code member}, whose bounce comes back to the probe's {@code token}. */
  void probe(Handle h, Group group, EmailAddress member, int score, String token, Instant now) {
    String text =
        texts.render(
            new BounceProbe(
                group.title(),
                addresses.post(group.name()),
                score,
                settingsUrl(group),
                addresses.owner(group.name())));
    queue(
        h,
        group,
        addresses.probe(group.name(), token),
        List.of(member),
        "Is mail from " + group.title() + " reaching you?",
        text,
        now);
  }

  /**
   * Queues the notice that {@code member}'s delivery is disabled by bounces ({@code warning} 1), or
   * a warning that repeats it.
   *
   * @param removal the day the membership is removed unless delivery is turned back on, empty when
   *     it is not removed
   */
  void disabled(
      Handle h,
      Group group,
      EmailAddress member,
      int warning,
      int warnings,
      String removal,
      Instant now) {
    String text =
        texts.render(
            new BounceDisabled(
                group.title(),
                addresses.post(group.name()),
                warning,
                warnings,
                removal,
                settingsUrl(group),
                addresses.owner(group.name())));
    queue(
        h,
        group,
        addresses.bounces(group.name()),
        List.of(member),
        (warning == 1 ? "" : "Reminder: ") + group.title() + " has stopped sending you mail",
        text,
        now);
  }

  /**
   * Queues the owners' summary of members disabled or removed by bounces.
   *
   * @param owners whom to tell ({@link #owners})
   * @return how many owners it was sent to (none when the group has no owner and the site no admin)
   */
  int summary(
      Handle h,
      Group group,
      List<EmailAddress> owners,
      List<BounceSummary.Line> lines,
      Instant now) {
    if (owners.isEmpty()) {
      return 0;
    }
    String text =
        texts.render(
            new BounceSummary(
                group.title(), addresses.post(group.name()), lines, membersUrl(group)));
    queue(
        h,
        group,
        addresses.bounces(group.name()),
        owners,
        "Bounces in " + group.title() + ": " + count(lines.size(), "member") + " stopped",
        text,
        now);
    return owners.size();
  }

  /**
   * Queues the owners' notice of complaints.
   *
   * @param owners whom to tell ({@link #owners})
   * @return how many owners it was sent to
   */
  int complaints(
      Handle h,
      Group group,
      List<EmailAddress> owners,
      List<ComplaintNotice.Line> lines,
      Instant now) {
    if (owners.isEmpty()) {
      return 0;
    }
    String text =
        texts.render(
            new ComplaintNotice(
                group.title(), addresses.post(group.name()), lines, membersUrl(group)));
    queue(
        h,
        group,
        addresses.bounces(group.name()),
        owners,
        "Spam complaints about " + group.title() + ": " + count(lines.size(), "complaint"),
        text,
        now);
    return owners.size();
  }

  /**
   * The group's active owners, or the site's admins when it has none; never an address of this
   * site's own domain (a loop).
   */
  List<EmailAddress> owners(Group group) {
    Map<String, EmailAddress> out = new LinkedHashMap<>();
    for (Member m : members.list(group.id())) {
      if (m.active() && m.role() == Role.OWNER) {
        out.putIfAbsent(m.email().key(), m.email());
      }
    }
    if (out.isEmpty()) {
      accounts.siteAdmins().forEach(a -> out.putIfAbsent(a.email().key(), a.email()));
    }
    out.values().removeIf(a -> addresses.isOurs(a.domain()));
    return new ArrayList<>(out.values());
  }

  private void queue(
      Handle h,
      Group group,
      String returnPath,
      List<EmailAddress> to,
      String subject,
      String text,
      Instant now) {
    String messageId = Tokens.hex(16) + "@" + addresses.domain();
    byte[] raw =
        composer.compose(
            new Draft(
                messageId,
                now,
                new Mailbox(group.title(), addresses.owner(group.name())),
                to.stream().map(a -> new Mailbox("", a.value())).toList(),
                List.of(),
                null,
                subject,
                null,
                List.of(),
                text,
                null,
                Map.of(
                    "Auto-Submitted",
                    "auto-generated",
                    "List-Id",
                    "<" + addresses.listId(group.name()) + ">")));
    outgoing.queue(h, messageId, returnPath, to.stream().map(EmailAddress::value).toList(), raw);
  }

  private String settingsUrl(Group group) {
    return baseUrl.get() + Links.me(group.name().value());
  }

  private String membersUrl(Group group) {
    return baseUrl.get() + Links.group(group.name().value()) + "members";
  }

  private static String count(int n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}
