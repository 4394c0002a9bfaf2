package org.parley.moderation.rules;

import org.parley.mime.Sizes;
import org.parley.moderation.Check;
import org.parley.moderation.Rule;
import org.parley.moderation.Screening;

/** {@code max-size}: a message larger than the group allows is refused (552, RFC 3463 5.3.4). */
public final class MaxSizeRule implements Rule {
  @Override
  public String id() {
    return "max-size";
  }

  @Override
  public Check check(Screening s) {
    long max = s.group().maxBytes();
    if (s.size() <= max) {
      return Check.PASS;
    }
    return Check.refuse(
        id(),
        552,
        "5.3.4",
        "The message is "
            + Sizes.of(s.size())
            + " and this group takes messages up to "
            + Sizes.of(max)
            + ".");
  }
}
