package org.parley.delivery.decorations;

import org.parley.group.FromRewriting;
import org.parley.group.Group;
import org.parley.group.ListAddresses;
import org.parley.group.ReplyTo;
import org.parley.mime.EditableMessage;

/**
 * Gives a copy that must come from the group ({@link AuthorPolicies#rewrite}) the group's address
 * in From, with the author's name: {@code "'Ann Smith' via News" <news@lists.example.org>}, as
 * Google Groups writes it. Receivers then judge the copy by the group's domain, whose signature it
 * carries, and the author's strict DMARC policy no longer applies to it. The author stays
 * recoverable: their From field as they wrote it is kept in {@code X-Original-From}, and their
 * address is put where the group's {@link FromRewriting#authorIn} says:
 *
 * <ul>
 *   <li>{@code Reply-To}: when replies go to the author, the copy's Reply-To names the author
 *       (their own Reply-To when they set one), so Reply still reaches them; when replies go to
 *       both, Reply-To names them already; when replies go to the group, the author goes in {@code
 *       Cc} instead, as Mailman 3 does, so Reply All reaches them.
 *   <li>{@code Cc}: the author is added to Cc.
 * </ul>
 *
 * It runs after {@link ReplyTo}, whose Reply-To it completes. The raw message in the archive is
 * never changed: only the copies are.
 */
public final class MungeFrom implements Decoration {
  private final ListAddresses addresses;
  private final AuthorPolicies policies;

  public MungeFrom(ListAddresses addresses, AuthorPolicies policies) {
    this.addresses = addresses;
    this.policies = policies;
  }

  @Override
  public String id() {
    return "munge-from";
  }

  @Override
  public void apply(Group group, Origin origin, EditableMessage copy) {
    if (!policies.rewrite(group, origin)) {
      return;
    }
    String author = origin.fromAddress();
    String name = origin.fromName().isBlank() ? author : origin.fromName().strip();
    String original = copy.raw("From").orElse("<" + author + ">");
    copy.remove("X-Original-From");
    copy.add("X-Original-From", original);
    String groupName = group.title().isBlank() ? group.name().value() : group.title().strip();
    copy.replaceMailbox("From", "'" + name + "' via " + groupName, addresses.post(group.name()));
    boolean toCc =
        group.fromRewriting().authorIn() == FromRewriting.AuthorIn.CC
            || group.replyTo() == ReplyTo.GROUP;
    if (toCc) {
      copy.appendMailbox("Cc", origin.fromName(), author);
    } else if (group.replyTo() == ReplyTo.AUTHOR && !copy.has("Reply-To")) {
      copy.addMailbox("Reply-To", origin.fromName(), author);
    }
  }
}
