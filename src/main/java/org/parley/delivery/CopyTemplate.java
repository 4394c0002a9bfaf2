package org.parley.delivery;

import java.nio.charset.StandardCharsets;
import org.parley.group.GroupName;
import org.parley.group.Links;
import org.parley.group.ListAddresses;

/**
 * A post decorated once for its group: everything of a copy except the headers that differ per
 * recipient. {@link #copyFor} only splices the recipient's RFC 2369 {@code List-Unsubscribe} header
 * (RFC 8058 §3.1: the HTTPS URI is the one-click target) between the shared header and the shared
 * body, so a fan-out to thousands of members costs one array copy per member.
 */
public final class CopyTemplate {
  private final byte[] head;
  private final byte[] tail;
  private final String baseUrl;
  private final ListAddresses addresses;
  private final GroupName group;

  /**
   * @param head the header fields, each ending in CRLF
   * @param tail the empty line that ends the header, then the body
   * @param baseUrl the site's base URL without a final '/', before each one-click unsubscribe link
   * @param addresses where {@code group}'s leave address comes from
   */
  CopyTemplate(byte[] head, byte[] tail, String baseUrl, ListAddresses addresses, GroupName group) {
    this.head = head;
    this.tail = tail;
    this.baseUrl = baseUrl;
    this.addresses = addresses;
    this.group = group;
  }

  /** The complete copy for the member whose secret is {@code memberToken}. */
  public byte[] copyFor(String memberToken) {
    if (!ListAddresses.isToken(memberToken)) {
      throw new IllegalArgumentException("not a member token: " + memberToken);
    }
    byte[] own =
        ("List-Unsubscribe: <"
                + baseUrl
                + Links.unsubscribe(memberToken)
                + ">,\r\n <mailto:"
                + addresses.leave(group, memberToken)
                + ">\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[head.length + own.length + tail.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(own, 0, out, head.length, own.length);
    System.arraycopy(tail, 0, out, head.length + own.length, tail.length);
    return out;
  }

  /** The size of a copy, give or take the token. */
  public int size() {
    return head.length + tail.length + 200;
  }
}
