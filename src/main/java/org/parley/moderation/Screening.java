package org.parley.moderation;

import java.util.Optional;
import org.parley.account.EmailAddress;
import org.parley.group.Group;
import org.parley.mailauth.SenderAuthentication;
import org.parley.member.Member;
import org.parley.mime.ParsedMessage;
import org.parley.spam.SpamResult;

/**
 * Everything a rule may look at: the parsed message, its envelope sender and size, the group with
 * its policy, and the sender's membership, if any.
 *
 * @param listId this group's RFC 2919 List-Id (without brackets), to recognise our own copies
 * @param groupAddress this group's address
 * @param imported true for mail brought in from an archive (an mbox, Mailman, Google Groups): it
 *     was screened where it was first posted, so rules about who may post now do not apply
 * @param filtered what the site's spam filter in front ({@code spam_filter}) said of the message;
 *     empty when none looked at it (no filter, an import, an approval)
 * @param authentication what the door found out about who sent it (SPF, DKIM, DMARC); empty when
 *     nothing was checked: the site does not check, or the message did not come by mail
 */
public record Screening(
    ParsedMessage message,
    String mailFrom,
    long size,
    Group group,
    Optional<Member> sender,
    String listId,
    String groupAddress,
    boolean imported,
    Optional<SpamResult> filtered,
    Optional<SenderAuthentication> authentication) {

  /** A screening of a message no spam filter looked at and whose sender was not checked. */
  public Screening(
      ParsedMessage message,
      String mailFrom,
      long size,
      Group group,
      Optional<Member> sender,
      String listId,
      String groupAddress,
      boolean imported) {
    this(
        message,
        mailFrom,
        size,
        group,
        sender,
        listId,
        groupAddress,
        imported,
        Optional.empty(),
        Optional.empty());
  }

  /**
   * The address the post will be archived as from: the From field's, or the envelope sender's when
   * From has none that is valid; empty when neither is an address (as the ingest path decides).
   */
  public Optional<EmailAddress> author() {
    if (message.from() != null && EmailAddress.isValid(message.from().address())) {
      return Optional.of(EmailAddress.of(message.from().address()));
    }
    if (EmailAddress.isValid(mailFrom)) {
      return Optional.of(EmailAddress.of(mailFrom));
    }
    return Optional.empty();
  }
}
