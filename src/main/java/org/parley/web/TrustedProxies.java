package org.parley.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The reverse proxies in front of the site (setting {@code trusted_proxies}): addresses and CIDR
 * ranges, IPv4 or IPv6. A request's client is the address it came from, unless that address is one
 * of these proxies: then it is the nearest address in {@code X-Forwarded-For} that is not one of
 * them, read from the right, as each proxy appends the address it was reached from (MDN
 * X-Forwarded-For, "selecting an IP address"). With none configured (the default) the header is
 * ignored, because any client can send it.
 */
public final class TrustedProxies {
  /** No proxy is trusted: {@code X-Forwarded-For} is never read. */
  public static final TrustedProxies NONE = new TrustedProxies(List.of(), "");

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private record Range(byte[] network, int bits) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int whole = bits / 8;
      for (int i = 0; i < whole; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[whole] & mask) == (network[whole] & mask);
    }
  }

  private final List<Range> ranges;
  private final String spec;

  private TrustedProxies(List<Range> ranges, String spec) {
    this.ranges = ranges;
    this.spec = spec;
  }

  /**
   * Reads a list such as {@code 127.0.0.1, 10.0.0.0/8, ::1} (commas or spaces between); empty means
   * none.
   *
   * @throws IllegalArgumentException naming the entry that is not an address or CIDR range
   */
  public static TrustedProxies parse(String spec) {
    List<Range> ranges = new ArrayList<>();
    for (String entry : spec.trim().split("[,\\s]+")) {
      if (entry.isEmpty()) {
        continue;
      }
      String address = entry;
      int bits = -1;
      int slash = entry.indexOf('/');
      if (slash >= 0) {
        address = entry.substring(0, slash);
        try {
          bits = Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("'" + entry + "' has no prefix length after '/'");
        }
      }
      byte[] bytes = literal(address);
      if (bytes == null) {
        throw new IllegalArgumentException(
            "'" + entry + "' is not an IP address or CIDR range (such as 10.0.0.0/8)");
      }
      int max = bytes.length * 8;
      if (bits == -1) {
        bits = max;
      }
      if (bits < 0 || bits > max) {
        throw new IllegalArgumentException(
            "'" + entry + "' has a prefix length outside 0 to " + max);
      }
      ranges.add(new Range(bytes, bits));
    }
    return ranges.isEmpty() ? NONE : new TrustedProxies(List.copyOf(ranges), spec.trim());
  }

  /** Whether no proxy is trusted. */
  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /** Whether {@code address} (an IP literal) is one of the trusted proxies. */
  public boolean trusts(String address) {
    byte[] bytes = literal(address == null ? null : bare(address));
    if (bytes == null) {
      return false;
    }
    for (Range r : ranges) {
      if (r.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The client of a request that came from {@code peer} with this {@code X-Forwarded-For} (null
   * when absent): the peer itself unless it is trusted; else the rightmost address in the header
   * that is not trusted (or the leftmost, when all are). An entry that is not an address ends the
   * walk at the last trusted hop, so a garbled header never yields a made-up client.
   */
  public String client(String peer, String forwardedFor) {
    if (ranges.isEmpty() || forwardedFor == null || !trusts(peer)) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    String client = peer;
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = bare(hops[i].trim());
      if (literal(hop) == null) {
        return client;
      }
      client = hop;
      if (!trusts(hop)) {
        return hop;
      }
    }
    return client;
  }

  /**
   * An address without the brackets and port a proxy may add: {@code [::1]:443}, {@code
   * 1.2.3.4:80}.
   */
  private static String bare(String hop) {
    if (hop.startsWith("[")) {
      int end = hop.indexOf(']');
      return end > 0 ? hop.substring(1, end) : hop;
    }
    int colon = hop.indexOf(':');
    if (colon > 0 && colon == hop.lastIndexOf(':')) {
      return hop.substring(0, colon); // IPv4 with a port
    }
    return hop;
  }

  /** The bytes of an IP literal, or null; never a DNS lookup (the shape is checked first). */
  private static byte[] literal(String s) {
    if (s == null || s.isEmpty() || s.length() > 45) {
      return null;
    }
    if (IPV4.matcher(s).matches()) {
      for (String part : s.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return null;
        }
      }
    } else if (!IPV6.matcher(s).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(s).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return spec;
  }
}
