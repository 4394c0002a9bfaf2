package org.parley.delivery;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.parley.delivery.decorations.Decoration;
import org.parley.delivery.decorations.Decorations;
import org.parley.delivery.decorations.Origin;
import org.parley.group.Group;
import org.parley.group.ListAddresses;
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
  private final List<Decoration> decorations;

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
    this.addresses = new ListAddresses(domain);
    this.baseUrl =
        () -> {
          String url = baseUrl.get();
          return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        };
    this.decorations = Decorations.standard(addresses, this.baseUrl, boundaries);
  }

  /**
   * Decorates {@code raw} for {@code group}. Fields the copy must carry and the raw message lacks
   * are added from {@code origin}, what the archive recorded.
   *
   * @throws IOException when the message cannot be parsed at all
   */
  public CopyTemplate decorate(Group group, byte[] raw, Origin origin) throws IOException {
    EditableMessage copy = EditableMessage.read(raw);
    for (Decoration decoration : decorations) {
      decoration.apply(group, origin, copy);
    }
    byte[] body = copy.body();
    byte[] tail = new byte[body.length + 2];
    tail[0] = '\r';
    tail[1] = '\n';
    System.arraycopy(body, 0, tail, 2, body.length);
    return new CopyTemplate(copy.header(), tail, baseUrl.get(), addresses, group.name());
  }
}
