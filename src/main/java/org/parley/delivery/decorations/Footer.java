package org.parley.delivery.decorations;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
 * EditableMessage#append}'s business.
 *
 * <p>With {@link PersonalLinks}, every copy's footer ends with the member's own links, whether or
 * not the group has a footer: their settings page (a signed link that works without a session),
 * "mute this topic" (a page with a button: mail scanners follow links, so the link itself changes
 * nothing) and one-click unsubscribe. Without them, a group without a footer leaves the body as
 * received.
 */
public final class Footer implements Decoration {
  static final String RULE = "_______________________________________________";

  private final ListAddresses addresses;
  private final Supplier<String> baseUrl;
  private final Boundaries boundaries;
  private final PersonalLinks personal;

  /** A footer of the group's own text only, without the member's links. */
  public Footer(ListAddresses addresses, Supplier<String> baseUrl, Boundaries boundaries) {
    this(addresses, baseUrl, boundaries, null);
  }

  /**
   * @param baseUrl the public URL of the site without a trailing slash, for {@code {archive}}
   * @param boundaries for the multipart/mixed a message is wrapped in when its body cannot take the
   *     footer
   * @param personal the member's links every footer ends with (placeholders, or one member's own);
   *     null for none
   */
  public Footer(
      ListAddresses addresses,
      Supplier<String> baseUrl,
      Boundaries boundaries,
      PersonalLinks personal) {
    this.addresses = addresses;
    this.baseUrl = baseUrl;
    this.boundaries = boundaries;
    this.personal = personal;
  }

  @Override
  public String id() {
    return "footer";
  }

  @Override
  public void apply(Group group, Origin origin, EditableMessage copy) throws IOException {
    String footer = substitute(group.footer() == null ? "" : group.footer().strip(), group);
    if (personal == null) {
      if (footer.isEmpty()) {
        return;
      }
      copy.append(new Appendix(RULE + "\n" + footer + "\n", html(footer)), boundaries);
      return;
    }
    List<Link> links = links(group, origin);
    StringBuilder text = new StringBuilder(RULE).append('\n');
    if (!footer.isEmpty()) {
      text.append(footer).append('\n');
    }
    for (Link link : links) {
      text.append(link.label()).append(": ").append(link.url()).append('\n');
    }
    StringBuilder div = new StringBuilder(html(footer.isEmpty() ? null : footer));
    div.insert(div.length() - "</div>\n".length(), personalHtml(links, footer.isEmpty()));
    copy.append(new Appendix(text.toString(), div.toString()), boundaries);
  }

  /** One of the member's links, as the footer shows it. */
  private record Link(String label, String url) {}

  /** The member's links: their settings page, mute this topic (for a post of a topic), leave. */
  private List<Link> links(Group group, Origin origin) {
    String base = baseUrl.get();
    String name = group.name().value();
    List<Link> links = new ArrayList<>(3);
    links.add(
        new Link("Your mail from this group", base + Links.me(name) + "?k=" + personal.key()));
    if (origin.topicId() > 0) {
      links.add(
          new Link(
              "Mute this topic",
              base + Links.mute(name, origin.topicId()) + "?k=" + personal.key()));
    }
    links.add(new Link("Unsubscribe", base + Links.unsubscribe(personal.token())));
    return links;
  }

  /** The links as HTML, on a line of their own below the group's footer (if it has one). */
  private static String personalHtml(List<Link> links, boolean first) {
    StringBuilder p = new StringBuilder(first ? "" : "<br>");
    for (int i = 0; i < links.size(); i++) {
      if (i > 0) {
        p.append(" · ");
      }
      p.append("<a href=\"")
          .append(Html.escape(links.get(i).url()))
          .append("\">")
          .append(Html.escape(links.get(i).label()))
          .append("</a>");
    }
    return p.toString();
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

  /** The footer's HTML form; with a null footer, the empty {@code div} its links go into. */
  private static String html(String footer) {
    StringBuilder div = new StringBuilder("<div class=\"parley-footer\"><hr>");
    if (footer == null) {
      return div.append("</div>\n").toString();
    }
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
