package org.parley.delivery.decorations;

import java.io.IOException;
import java.util.function.Supplier;
import org.parley.group.Group;
import org.parley.group.Links;
import org.parley.group.ListAddresses;
import org.parley.mime.Appendix;
import org.parley.mime.Boundaries;
import org.parley.mime.EditableMessage;
import org.parley.mime.Html;

/**
 * Appends the group's footer to the text of a copy, below a rule: as lines of text to text/plain,
 * as an escaped {@code <div class="parley-footer">} to text/html. Its placeholders are filled in:
 * {@code {title}}, {@code {address}} (the group's posting address) and {@code {archive}} (its web
 * page). Where the footer goes, and what happens to a signed message, is {@link
 * EditableMessage#append}'s business. A group without a footer leaves the body as received.
 */
public final class Footer implements Decoration {
  static final String RULE = "_______________________________________________";

  private final ListAddresses addresses;
  private final Supplier<String> baseUrl;
  private final Boundaries boundaries;

  /**
   * @param baseUrl the public URL of the site without a trailing slash, for {@code {archive}}
   * @param boundaries for the multipart/mixed a message is wrapped in when its body cannot take the
   *     footer
   */
  public Footer(ListAddresses addresses, Supplier<String> baseUrl, Boundaries boundaries) {
    this.addresses = addresses;
    this.baseUrl = baseUrl;
    this.boundaries = boundaries;
  }

  @Override
  public String id() {
    return "footer";
  }

  @Override
  public void apply(Group group, Origin origin, EditableMessage copy) throws IOException {
    String footer = substitute(group.footer() == null ? "" : group.footer().strip(), group);
    if (footer.isEmpty()) {
      return;
    }
    copy.append(new Appendix(RULE + "\n" + footer + "\n", html(footer)), boundaries);
  }

  private String substitute(String footer, Group group) {
    if (footer.indexOf('{') < 0) {
      return footer;
    }
    return footer
        .replace("{title}", group.title())
        .replace("{address}", addresses.post(group.name()))
        .replace("{archive}", baseUrl.get() + Links.group(group.name().value()));
  }

  private static String html(String footer) {
    StringBuilder div = new StringBuilder("<div class=\"parley-footer\"><hr>");
    String[] lines = footer.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        div.append("<br>");
      }
      div.append(Html.escape(lines[i]));
    }
    return div.append("</div>\n").toString();
  }
}
