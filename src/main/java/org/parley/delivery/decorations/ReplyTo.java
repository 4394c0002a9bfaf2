package org.parley.delivery.decorations;

import org.parley.group.Group;
import org.parley.group.ListAddresses;
import org.parley.mime.EditableMessage;

/**
 * Where replies go, by the group's policy (RFC 5322 §3.6.2): to the group, in place of any Reply-To
 * the author set, or, under the author policy, wherever the author's own fields say.
 */
public final class ReplyTo implements Decoration {
  private final ListAddresses addresses;

  public ReplyTo(ListAddresses addresses) {
    this.addresses = addresses;
  }

  @Override
  public String id() {
    return "reply-to";
  }

  @Override
  public void apply(Group group, Origin origin, EditableMessage copy) {
    if (!group.repliesToGroup()) {
      return;
    }
    copy.remove("Reply-To");
    copy.add("Reply-To", "<" + addresses.post(group.name()) + ">");
  }
}
