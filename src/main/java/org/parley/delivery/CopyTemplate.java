package org.parley.delivery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.parley.delivery.decorations.PersonalLinks;
import org.parley.group.GroupName;
import org.parley.group.Links;
import org.parley.group.ListAddresses;
import org.parley.member.SettingsLinks;

/**
 * A post decorated once for its group: everything of a copy except what differs per recipient.
 * {@link #copyFor} splices the recipient's RFC 2369 {@code List-Unsubscribe} header (RFC 8058 §3.1:
 * the HTTPS URI is the one-click target) between the shared header and the shared body, so a
 * fan-out to thousands of members costs one array copy per member.
 *
 * <p>When the footer carries the member's own links ({@link PersonalLinks}), it was written once
 * with placeholders of the same length as the member's values, of characters quoted-printable
 * leaves alone; {@link #copyFor} writes each member's values over them, byte for byte, stepping
 * over the soft line breaks ({@code =CRLF}, RFC 2045 §6.7 rule 5) an encoder put inside a
 * placeholder, so the encoding and the lengths of the lines stay as they were. Where the
 * placeholders are not found as the footer wrote them (a body the footer went into in another
 * encoding), each copy is decorated for its member instead, which is slower but right.
 */
public final class CopyTemplate {
  private static final byte[] SOFT_BREAK = {'=', '\r', '\n'};

  private final byte[] head;
  private final byte[] tail;
  private final String baseUrl;
  private final ListAddresses addresses;
  private final GroupName group;
  private final Personal personal;

  /**
   * The member's links in a template: where their placeholders are in {@code tail}, each as the
   * offsets of its characters, or, when they were not found as expected, how to decorate a copy for
   * one member.
   */
  record Personal(
      SettingsLinks links,
      List<int[]> keys,
      List<int[]> tokens,
      Function<PersonalLinks, CopyTemplate> decorateFor) {}

  /**
   * @param head the header fields, each ending in CRLF
   * @param tail the empty line that ends the header, then the body
   * @param baseUrl the site's base URL without a final '/', before each one-click unsubscribe link
   * @param addresses where {@code group}'s leave address comes from
   */
  CopyTemplate(byte[] head, byte[] tail, String baseUrl, ListAddresses addresses, GroupName group) {
    this(head, tail, baseUrl, addresses, group, null);
  }

  /**
   * As above, for a body whose footer carries the members' links written with {@link
   * PersonalLinks#PLACEHOLDERS}.
   *
   * @param links what makes each member's signed key
   * @param keysPerFooter how many times the footer's text holds the key (the token is there once)
   * @param decorateFor decorates the post for one member's links: the fallback
   */
  CopyTemplate(
      byte[] head,
      byte[] tail,
      String baseUrl,
      ListAddresses addresses,
      GroupName group,
      SettingsLinks links,
      int keysPerFooter,
      Function<PersonalLinks, CopyTemplate> decorateFor) {
    this(head, tail, baseUrl, addresses, group, personal(tail, links, keysPerFooter, decorateFor));
  }

  private CopyTemplate(
      byte[] head,
      byte[] tail,
      String baseUrl,
      ListAddresses addresses,
      GroupName group,
      Personal personal) {
    this.head = head;
    this.tail = tail;
    this.baseUrl = baseUrl;
    this.addresses = addresses;
    this.group = group;
    this.personal = personal;
  }

  private static Personal personal(
      byte[] tail,
      SettingsLinks links,
      int keysPerFooter,
      Function<PersonalLinks, CopyTemplate> decorateFor) {
    List<int[]> keys = spots(tail, PersonalLinks.KEY_PLACEHOLDER);
    List<int[]> tokens = spots(tail, PersonalLinks.TOKEN_PLACEHOLDER);
    boolean asExpected = !tokens.isEmpty() && keys.size() == tokens.size() * keysPerFooter;
    return asExpected
        ? new Personal(links, keys, tokens, null)
        : new Personal(links, List.of(), List.of(), decorateFor);
  }

  /** Whether copies are made by writing over the placeholders (not decorated one by one). */
  boolean substitutes() {
    return personal != null && personal.decorateFor() == null;
  }

  /** The complete copy for the member whose secret is {@code memberToken}. */
  public byte[] copyFor(String memberToken) {
    if (!ListAddresses.isToken(memberToken)) {
      throw new IllegalArgumentException("not a member token: " + memberToken);
    }
    byte[] body = tail;
    if (personal != null) {
      PersonalLinks own = new PersonalLinks(personal.links().key(memberToken), memberToken);
      if (personal.decorateFor() != null) {
        return personal.decorateFor().apply(own).copyFor(memberToken);
      }
      body = tail.clone();
      fill(body, personal.keys(), own.key());
      fill(body, personal.tokens(), own.token());
    }
    byte[] own =
        ("List-Unsubscribe: <"
                + baseUrl
                + Links.unsubscribe(memberToken)
                + ">,\r\n <mailto:"
                + addresses.leave(group, memberToken)
                + ">\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[head.length + own.length + body.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(own, 0, out, head.length, own.length);
    System.arraycopy(body, 0, out, head.length + own.length, body.length);
    return out;
  }

  /** The size of a copy, give or take the token. */
  public int size() {
    return head.length + tail.length + 200;
  }

  /**
   * Where {@code placeholder} occurs in {@code body}: for each occurrence, the offset of each of
   * its characters. A quoted-printable soft line break ({@code =CRLF}) between two of its
   * characters is stepped over, as a decoder drops it.
   */
  static List<int[]> spots(byte[] body, String placeholder) {
    byte[] p = placeholder.getBytes(StandardCharsets.US_ASCII);
    List<int[]> found = new ArrayList<>(4);
    for (int i = 0; i <= body.length - p.length; i++) {
      if (body[i] != p[0]) {
        continue;
      }
      int[] at = match(body, i, p);
      if (at != null) {
        found.add(at);
        i = at[at.length - 1];
      }
    }
    return found;
  }

  private static int[] match(byte[] body, int start, byte[] p) {
    int[] at = new int[p.length];
    int j = start;
    for (int k = 0; k < p.length; k++) {
      if (k > 0 && startsWith(body, j, SOFT_BREAK)) {
        j += SOFT_BREAK.length;
      }
      if (j >= body.length || body[j] != p[k]) {
        return null;
      }
      at[k] = j++;
    }
    return at;
  }

  private static boolean startsWith(byte[] body, int at, byte[] prefix) {
    if (at + prefix.length > body.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (body[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes {@code value} over each occurrence in {@code spots}, one character at each offset.
   *
   * @throws IllegalArgumentException when the value is not as long as the placeholder, or not of
   *     the characters quoted-printable leaves alone
   */
  static void fill(byte[] body, List<int[]> spots, String value) {
    byte[] v = value.getBytes(StandardCharsets.US_ASCII);
    for (byte b : v) {
      boolean plain = b > ' ' && b < 127 && b != '=';
      if (!plain) {
        throw new IllegalArgumentException("not a value quoted-printable leaves alone: " + value);
      }
    }
    for (int[] at : spots) {
      if (at.length != v.length) {
        throw new IllegalArgumentException(
            "a value of " + v.length + " characters for a placeholder of " + at.length);
      }
      for (int k = 0; k < at.length; k++) {
        body[at[k]] = v[k];
      }
    }
  }
}
