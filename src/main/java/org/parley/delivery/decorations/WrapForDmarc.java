package org.parley.delivery.decorations;

import java.io.IOException;
import org.parley.group.FromRewriting;
import org.parley.group.Group;
import org.parley.mime.Boundaries;
import org.parley.mime.EditableMessage;

/**
 * For a group that wraps ({@link FromRewriting.Style#WRAP}) a post whose copies must come from the
 * group ({@link AuthorPolicies#rewrite}): the post, as received, becomes a {@code message/rfc822}
 * attachment of the copy, its author's From and DKIM signature intact inside, as Mailman 3's {@code
 * wrap_message} does. It runs before the other decorations, so the subject prefix, footer and list
 * fields go on the outer message; {@link MungeFrom} then gives the outer message the group's From.
 */
public final class WrapForDmarc implements Decoration {
  private final AuthorPolicies policies;
  private final Boundaries boundaries;

  public WrapForDmarc(AuthorPolicies policies, Boundaries boundaries) {
    this.policies = policies;
    this.boundaries = boundaries;
  }

  @Override
  public String id() {
    return "wrap-for-dmarc";
  }

  @Override
  public void apply(Group group, Origin origin, EditableMessage copy) throws IOException {
    if (group.fromRewriting().style() == FromRewriting.Style.WRAP
        && policies.rewrite(group, origin)) {
      copy.wrapAsAttachment(boundaries);
    }
  }
}
