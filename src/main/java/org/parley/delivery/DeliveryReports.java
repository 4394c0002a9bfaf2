package org.parley.delivery;

import java.util.Optional;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.GroupStore;
import org.parley.member.Member;
import org.parley.member.MemberStore;
import org.parley.mime.DeliveryStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery reports (RFC 3464) that come back to a copy's return path, {@code
 * <group>-bounces+<token>@domain} ({@link Verp}): the token names the member the copy went to, and
 * the report's {@code message/delivery-status} part ({@link DeliveryStatus}) what became of it. For
 * now each report is logged, one line per recipient it names, with the group, the member, the
 * action and the status; bounce scores (issue 19) will act on them. Nothing here throws: a report
 * that cannot be read, or whose token names no member of the group, is one clear log line.
 */
public final class DeliveryReports {
  private static final Logger log = LoggerFactory.getLogger(DeliveryReports.class);

  private final GroupStore groups;
  private final MemberStore members;

  public DeliveryReports(GroupStore groups, MemberStore members) {
    this.groups = groups;
    this.members = members;
  }

  /**
   * A report arrived at the bounce address of {@code group} with {@code token} (empty for {@code
   * <group>-bounces@}, the return path of notices and owner mail).
   *
   * @param from the envelope sender (empty for a bounce, RFC 5321 §4.5.5)
   */
  public void received(GroupName group, String token, String from, byte[] raw) {
    try {
      String member = member(group, token);
      DeliveryStatus report;
      try {
        report = DeliveryStatus.parse(raw);
      } catch (DeliveryStatus.Malformed e) {
        log.info(
            "delivery report: group {}, member {}, from <{}>: not read, {}; nothing done",
            group,
            member,
            from,
            e.getMessage());
        return;
      }
      for (DeliveryStatus.Recipient r : report.recipients()) {
        log.info(
            "delivery report: group {}, member {}, action {}, status {}, final recipient {},"
                + " reporting MTA {}, diagnostic: {}",
            group,
            member,
            orNone(r.action()),
            orNone(r.status()),
            orNone(r.finalRecipient()),
            orNone(report.reportingMta()),
            orNone(r.diagnosticCode()));
      }
    } catch (RuntimeException e) {
      log.warn("delivery report: group {}: could not be handled; nothing done", group, e);
    }
  }

  /** The member's address, or why there is none. */
  private String member(GroupName group, String token) {
    if (token == null || token.isEmpty()) {
      return "unknown (no member token in the address)";
    }
    Optional<Member> m = members.findByToken(token);
    Optional<Group> g = groups.find(group);
    if (m.isEmpty() || g.isEmpty() || m.get().groupId() != g.get().id()) {
      return "unknown (the token names no member of " + group + ")";
    }
    return m.get().email().value();
  }

  private static String orNone(String s) {
    return s == null || s.isEmpty() ? "none" : s;
  }
}
