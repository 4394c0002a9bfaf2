package org.parley.delivery.decorations;

import org.parley.group.Group;
import org.parley.group.ListAddresses;
import org.parley.mime.EditableMessage;

/**
 * Where replies go, by the group's policy (RFC 5322 §3.6.2): to the group, in place of any Reply-To
 * the author set; under the author policy, wherever the author's own fields say; under both, to the
 * author's own Reply-To (or their address) and the group, in one Reply-To.
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
    String list = "<" + addresses.post(group.name()) + ">";
    switch (group.replyTo()) {
      case AUTHOR -> {}
      case GROUP -> {
        copy.remove("Reply-To");
        copy.add("Reply-To", list);
      }
      case BOTH -> {
        String author =
            copy.raw("Reply-To")
                .filter(v -> !v.isBlank())
                .orElse(origin.fromAddress().isBlank() ? "" : "<" + origin.fromAddress() + ">");
        copy.remove("Reply-To");
        copy.add("Reply-To", author.isEmpty() ? list : author + ", " + list);
      }
    }
  }
}
