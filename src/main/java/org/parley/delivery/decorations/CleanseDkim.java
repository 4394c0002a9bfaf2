package org.parley.delivery.decorations;

import org.parley.group.Group;
import org.parley.mime.EditableMessage;

/**
 * Removes the author's {@code DKIM-Signature} fields (RFC 6376): the subject prefix and the footer
 * break them, and a broken signature reads worse to a receiver than none.
 */
public final class CleanseDkim implements Decoration {
  @Override
  public String id() {
    return "cleanse-dkim";
  }

  @Override
  public void apply(Group group, Origin origin, EditableMessage copy) {
    copy.remove("DKIM-Signature");
  }
}
