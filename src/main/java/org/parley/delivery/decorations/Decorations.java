package org.parley.delivery.decorations;

import java.util.List;
import java.util.function.Supplier;
import org.parley.group.ListAddresses;
import org.parley.mime.Boundaries;

/**
 * The one ordered list of the decorations a member's copy gets (DESIGN §3, step 7). A new one, such
 * as DMARC From rewriting or DKIM signing, is one class and one line here; the order is the order
 * of the fields it adds, so that copies stay byte for byte what the golden files say.
 */
public final class Decorations {
  private Decorations() {}

  /**
   * @param baseUrl the public URL of the site without a trailing slash, read for each post
   * @param boundaries for the multipart/mixed a footer may need
   */
  public static List<Decoration> standard(
      ListAddresses addresses, Supplier<String> baseUrl, Boundaries boundaries) {
    return standard(addresses, baseUrl, boundaries, null);
  }

  /**
   * As above, with the member's own links at the end of every footer.
   *
   * @param personal the member's links (their placeholders, or one member's own); null for none
   */
  public static List<Decoration> standard(
      ListAddresses addresses,
      Supplier<String> baseUrl,
      Boundaries boundaries,
      PersonalLinks personal) {
    return standard(addresses, baseUrl, boundaries, personal, AuthorPolicies.UNKNOWN);
  }

  /**
   * As above, with the DMARC policies of authors' domains, which decide whether a copy comes from
   * the group's address ({@link WrapForDmarc}, {@link MungeFrom}).
   */
  public static List<Decoration> standard(
      ListAddresses addresses,
      Supplier<String> baseUrl,
      Boundaries boundaries,
      PersonalLinks personal,
      AuthorPolicies policies) {
    return List.of(
        new Cleanse(),
        new WrapForDmarc(policies, boundaries),
        new CleanseDkim(),
        new RequiredFields(),
        new SubjectPrefix(),
        new Footer(addresses, baseUrl, boundaries, personal),
        new ListHeaders(addresses, baseUrl),
        new Precedence(),
        new ReplyTo(addresses),
        new MungeFrom(addresses, policies));
  }
}
