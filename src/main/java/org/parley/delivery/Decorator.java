package org.parley.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Supplier;
import org.parley.delivery.decorations.AuthorPolicies;
import org.parley.delivery.decorations.Decoration;
import org.parley.delivery.decorations.Decorations;
import org.parley.delivery.decorations.Origin;
import org.parley.delivery.decorations.PersonalLinks;
import org.parley.group.Group;
import org.parley.group.ListAddresses;
import org.parley.member.SettingsLinks;
import org.parley.mime.Boundaries;
import org.parley.mime.EditableMessage;

/**
 * Builds the copies members receive from a post's raw message, by running the {@linkplain
 * Decorations#standard decorations} over it in their order. The raw message is the record and is
 * never changed; a copy is derived from it, and every field the decorations do not touch is kept
 * byte for byte.
 *
 * <p>The work is done once per post ({@link #decorate}); {@link CopyTemplate#copyFor} then adds the
 * per-member header.
 */
public final class Decorator {
  private final ListAddresses addresses;
  private final Supplier<String> baseUrl;
  private final Boundaries boundaries;
  private final SettingsLinks links;
  private final List<Decoration> decorations;
  private final AuthorPolicies policies;

  /**
   * @param domain the site's mail domain: a group's address is {@code <group>@<domain>}
   * @param baseUrl the public URL of the site without a trailing slash, for links in headers
   */
  public Decorator(String domain, String baseUrl) {
    this(domain, () -> baseUrl);
  }

  /**
   * As above, with the base URL read for each post: a site started on port 0 learns its real port
   * only once its web server listens.
   */
  public Decorator(String domain, Supplier<String> baseUrl) {
    this(domain, baseUrl, Boundaries.random());
  }

  /**
   * As above, with the boundaries of the multipart/mixed a footer may need from {@code boundaries}:
   * random ones in members' copies, a fixed series where copies are compared byte for byte.
   */
  public Decorator(String domain, Supplier<String> baseUrl, Boundaries boundaries) {
    this(domain, baseUrl, boundaries, null);
  }

  /**
   * As above, with the member's own links at the end of every copy's footer ({@link
   * PersonalLinks}): their settings page by a signed link {@code links} makes, "mute this topic"
   * and one-click unsubscribe. This is how the site decorates its members' copies.
   */
  public Decorator(String domain, Supplier<String> baseUrl, SettingsLinks links) {
    this(domain, baseUrl, Boundaries.random(), links);
  }

  /**
   * As above, with the boundaries of a footer's multipart/mixed from {@code boundaries}.
   *
   * @param links what signs the member's links; null for copies without them
   */
  public Decorator(
      String domain, Supplier<String> baseUrl, Boundaries boundaries, SettingsLinks links) {
    this(domain, baseUrl, boundaries, links, AuthorPolicies.UNKNOWN);
  }

  /**
   * As above, with the DMARC policies of authors' domains, which decide whether a copy comes from
   * the group's address (the group's {@code from-rewrite} setting). This is how the site decorates
   * its members' copies.
   */
  public Decorator(
      String domain, Supplier<String> baseUrl, SettingsLinks links, AuthorPolicies policies) {
    this(domain, baseUrl, Boundaries.random(), links, policies);
  }

  /** As above, with the boundaries of new multiparts from {@code boundaries}. */
  public Decorator(
      String domain,
      Supplier<String> baseUrl,
      Boundaries boundaries,
      SettingsLinks links,
      AuthorPolicies policies) {
    this.policies = policies;
    this.addresses = new ListAddresses(domain);
    this.baseUrl =
        () -> {
          String url = baseUrl.get();
          return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        };
    this.boundaries = boundaries;
    this.links = links;
    this.decorations =
        Decorations.standard(
            addresses,
            this.baseUrl,
            boundaries,
            links == null ? null : PersonalLinks.PLACEHOLDERS,
            policies);
  }

  /**
   * Decorates {@code raw} for {@code group}. Fields the copy must carry and the raw message lacks
   * are added from {@code origin}, what the archive recorded.
   *
   * @throws IOException when the message cannot be parsed at all
   */
  public CopyTemplate decorate(Group group, byte[] raw, Origin origin) throws IOException {
    EditableMessage copy = decorated(decorations, group, raw, origin);
    if (links == null) {
      return new CopyTemplate(copy.header(), tail(copy), baseUrl.get(), addresses, group.name());
    }
    return new CopyTemplate(
        copy.header(),
        tail(copy),
        baseUrl.get(),
        addresses,
        group.name(),
        links,
        origin.topicId() > 0 ? 2 : 1,
        own -> decorateFor(own, group, raw, origin));
  }

  /**
   * The post decorated for one member's links, for a body in which the placeholders could not be
   * found as written (see {@link CopyTemplate}).
   */
  private CopyTemplate decorateFor(PersonalLinks own, Group group, byte[] raw, Origin origin) {
    try {
      EditableMessage copy =
          decorated(
              Decorations.standard(addresses, baseUrl, boundaries, own, policies),
              group,
              raw,
              origin);
      return new CopyTemplate(copy.header(), tail(copy), baseUrl.get(), addresses, group.name());
    } catch (IOException e) {
      // the same message was decorated once already, so it can be read
      throw new UncheckedIOException(e);
    }
  }

  private static EditableMessage decorated(
      List<Decoration> decorations, Group group, byte[] raw, Origin origin) throws IOException {
    EditableMessage copy = EditableMessage.read(raw);
    for (Decoration decoration : decorations) {
      decoration.apply(group, origin, copy);
    }
    return copy;
  }

  /** The empty line that ends the header section, then the body. */
  private static byte[] tail(EditableMessage copy) {
    byte[] body = copy.body();
    byte[] tail = new byte[body.length + 2];
    tail[0] = '\r';
    tail[1] = '\n';
    System.arraycopy(body, 0, tail, 2, body.length);
    return tail;
  }
}
