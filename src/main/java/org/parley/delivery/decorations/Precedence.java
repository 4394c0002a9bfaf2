package org.parley.delivery.decorations;

import org.parley.group.Group;
import org.parley.mime.EditableMessage;

/**
 * Marks a copy as list mail, {@code Precedence: list} (RFC 2076 §3.9), which vacation responders
 * and other automatic replies honour, in place of the post's own {@code Precedence} and {@code
 * X-Loop}. Loops are recognised by {@code List-Id} ({@link ListHeaders}).
 */
public final class Precedence implements Decoration {
  @Override
  public String id() {
    return "precedence";
  }

  @Override
  public void apply(Group group, Origin origin, EditableMessage copy) {
    copy.remove("Precedence");
    copy.remove("X-Loop");
    copy.add("Precedence", "list");
  }
}
