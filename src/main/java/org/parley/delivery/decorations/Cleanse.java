package org.parley.delivery.decorations;

import org.parley.group.Group;
import org.parley.mime.EditableMessage;

/**
 * Removes {@code Return-Path}: the final delivery sets it from the envelope (RFC 5321 §4.4), and a
 * copy's envelope sender is the group's, not the author's.
 */
public final class Cleanse implements Decoration {
  @Override
  public String id() {
    return "cleanse";
  }

  @Override
  public void apply(Group group, Origin origin, EditableMessage copy) {
    copy.remove("Return-Path");
  }
}
