package org.parley.moderation.rules;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.parley.moderation.Check;
import org.parley.moderation.Rule;
import org.parley.moderation.Screening;

/**
 * {@code auto-submitted}: automatic mail is not posted. RFC 3834 §5: anything with {@code
 * Auto-Submitted} other than {@code no} (vacation replies, auto-generated notices); from outside,
 * {@code Precedence: bulk|junk|list|auto_reply} and {@code X-Autoreply} or {@code X-Autorespond},
 * which older auto-responders and other lists use; mail with an empty return path ({@code MAIL
 * FROM:<>}), which RFC 5321 §4.5.5 and RFC 8098 reserve for bounces and read receipts and RFC 3834
 * §3.3 asks of auto-responders, whatever its headers say; and reports ({@code multipart/report},
 * RFC 6522: bounces, read receipts, abuse reports), which a member's mail program may send to the
 * group with the member's own return path. Refused rather than dropped, so a person who set such a
 * header by mistake learns why.
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
    if (s.mailFrom().isEmpty()) {
      return refuse(
          "it came with an empty return path (MAIL FROM:<>), which only bounces, read receipts"
              + " and automatic replies use");
    }
    Optional<String> type = s.message().header("Content-Type");
    if (type.isPresent()
        && type.get().trim().toLowerCase(Locale.ROOT).startsWith("multipart/report")) {
      return refuse("it is a delivery, read or abuse report (multipart/report)");
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
    // older auto-responders (vacation programs, cPanel's) mark their replies this way instead
    for (String marker : List.of("X-Autoreply", "X-Autorespond")) {
      if (s.message().header(marker).isPresent()) {
        return refuse("it is an automatic reply (" + marker + ")");
      }
    }
    Optional<String> precedence = s.message().header("Precedence");
    if (precedence.isPresent()) {
      String p = precedence.get().trim().toLowerCase(Locale.ROOT);
      if (p.equals("bulk") || p.equals("junk") || p.equals("list")) {
        return refuse("it is bulk or list mail (Precedence: " + p + ")");
      }
      if (p.equals("auto_reply")) {
        return refuse("it is an automatic reply (Precedence: auto_reply)");
      }
    }
    return Check.PASS;
  }

  private Check refuse(String why) {
    return Check.refuse(
        id(), 550, "5.7.1", "This group does not take automatic mail: " + why + ".");
  }
}
