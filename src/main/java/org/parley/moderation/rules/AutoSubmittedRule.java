package org.parley.moderation.rules;

import java.util.Locale;
import java.util.Optional;
import org.parley.moderation.Check;
import org.parley.moderation.Rule;
import org.parley.moderation.Screening;
import org.parley.moderation.Verdict;

/**
 * {@code auto-submitted}: automatic mail is not posted. RFC 3834 §5: anything with {@code
 * Auto-Submitted} other than {@code no} (vacation replies, auto-generated notices); and, from
 * outside, {@code Precedence: bulk|junk|list}, which older auto-responders and other lists use.
 * Refused rather than dropped, so a person who set such a header by mistake learns why.
 */
public final class AutoSubmittedRule implements Rule {
  @Override
  public String id() {
    return "auto-submitted";
  }

  @Override
  public Check check(Screening s) {
    if (s.imported()) {
      return Check.PASS;
    }
    Optional<String> auto = s.message().header("Auto-Submitted");
    if (auto.isPresent()) {
      String value = auto.get().trim().toLowerCase(Locale.ROOT);
      int semi = value.indexOf(';');
      String keyword = (semi >= 0 ? value.substring(0, semi) : value).trim();
      if (!keyword.isEmpty() && !keyword.equals("no")) {
        return refuse("it is an automatic message (Auto-Submitted: " + keyword + ")");
      }
    }
    Optional<String> precedence = s.message().header("Precedence");
    if (precedence.isPresent()) {
      String p = precedence.get().trim().toLowerCase(Locale.ROOT);
      if (p.equals("bulk") || p.equals("junk") || p.equals("list")) {
        return refuse("it is bulk or list mail (Precedence: " + p + ")");
      }
    }
    return Check.PASS;
  }

  private Check refuse(String why) {
    return new Check.Decide(
        new Verdict.Reject(
            id(), 550, "5.7.1", "This group does not take automatic mail: " + why + "."));
  }
}
