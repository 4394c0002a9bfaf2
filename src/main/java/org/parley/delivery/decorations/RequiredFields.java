package org.parley.delivery.decorations;

import org.parley.group.Group;
import org.parley.mime.DateField;
import org.parley.mime.EditableMessage;

/**
 * Gives a copy the From, Date and Message-ID it must carry (RFC 5322 §3.6; large mailbox providers
 * refuse mail without them). Those the post lacks are added from what the archive recorded: its
 * author, its arrival and the Message-ID it was given. A post that has them keeps its own, once.
 */
public final class RequiredFields implements Decoration {
  @Override
  public String id() {
    return "required-fields";
  }

  @Override
  public void apply(Group group, Origin origin, EditableMessage copy) {
    if (!copy.has("From") && !origin.fromAddress().isBlank()) {
      copy.addMailbox("From", origin.fromName(), origin.fromAddress());
    }
    if (!copy.has("Date")) {
      copy.add("Date", DateField.value(origin.date()));
    }
    if (!copy.has("Message-ID")) {
      copy.add("Message-ID", origin.messageId().bracketed());
    }
  }
}
