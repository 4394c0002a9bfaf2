package org.parley.delivery.decorations;

import java.io.IOException;
import org.parley.group.Group;
import org.parley.mime.EditableMessage;

/**
 * One change a member's copy of a post gets, as one of Mailman 3's handlers: it decides what to
 * change and leaves how to {@link EditableMessage}. The decorations run in the order of {@link
 * Decorations#standard}, once per post; what differs per member is added after them, by {@link
 * org.parley.delivery.CopyTemplate}.
 */
public interface Decoration {
  /** A kebab-case name, for logs and documentation (DESIGN §7.5). */
  String id();

  /**
   * Changes {@code copy}, a copy of a post to {@code group}.
   *
   * @param origin what the archive recorded of the post
   * @throws IOException when the copy's body cannot be read
   */
  void apply(Group group, Origin origin, EditableMessage copy) throws IOException;
}
