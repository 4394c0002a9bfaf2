package org.parley.delivery.decorations;

import java.util.Locale;
import org.parley.group.Group;
import org.parley.mime.EditableMessage;

/**
 * Puts the group's subject prefix (such as {@code [news]}) in front of the Subject once: a subject
 * that already carries it anywhere, as {@code Re: [news] hi} does, is left alone. An RFC 2047
 * encoded subject keeps its encoded words; a prefix beyond US-ASCII is encoded itself. A post
 * without a Subject gets the prefix as its subject.
 */
public final class SubjectPrefix implements Decoration {
  @Override
  public String id() {
    return "subject-prefix";
  }

  @Override
  public void apply(Group group, Origin origin, EditableMessage copy) {
    String prefix = group.subjectPrefix() == null ? "" : group.subjectPrefix().strip();
    if (!copy.has("Subject")) {
      if (!prefix.isEmpty()) {
        copy.addText("Subject", prefix);
      }
      return;
    }
    String subject = copy.text("Subject").orElse("").toLowerCase(Locale.ROOT);
    boolean carried = subject.contains(prefix.toLowerCase(Locale.ROOT));
    copy.prefixText("Subject", carried ? "" : prefix);
  }
}
