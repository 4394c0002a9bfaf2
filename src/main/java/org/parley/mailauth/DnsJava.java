package org.parley.mailauth;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * {@link Dns} with dnsjava: each look-up is given up after a timeout (with one retry per server),
 * and answers are cached for as long as their TTL says, names that do not exist included (RFC
 * 2308), so a burst of mail from one domain asks once.
 */
public final class DnsJava implements Dns {
  private final Resolver resolver;
  private final Cache cache = new Cache(DClass.IN);

  /**
   * @param servers the resolvers to ask, in order; empty for the system's own ({@code
   *     /etc/resolv.conf})
   * @param timeout how long one look-up may take in all
   */
  public DnsJava(List<InetSocketAddress> servers, Duration timeout) {
    this.resolver = resolver(servers, timeout);
  }

  private static Resolver resolver(List<InetSocketAddress> servers, Duration timeout) {
    ExtendedResolver r;
    if (servers.isEmpty()) {
      r = new ExtendedResolver();
    } else {
      List<Resolver> each = new ArrayList<>();
      for (InetSocketAddress s : servers) {
        each.add(new SimpleResolver(s));
      }
      r = new ExtendedResolver(each);
    }
    r.setTimeout(timeout);
    r.setRetries(1);
    return r;
  }

  /** The resolver this uses, for a library that makes its own queries (SPF). */
  public Resolver resolver() {
    return resolver;
  }

  /** The cache this uses, shared with such a library. */
  public Cache cache() {
    return cache;
  }

  @Override
  public TxtAnswer txt(String name) {
    Name absolute;
    try {
      absolute = Name.fromString(name.endsWith(".") ? name : name + ".");
    } catch (TextParseException e) {
      // a name that cannot be written in DNS has no records
      return new TxtAnswer.None();
    }
    Lookup lookup = new Lookup(absolute, Type.TXT);
    lookup.setResolver(resolver);
    lookup.setCache(cache);
    lookup.setSearchPath((Name[]) null);
    Record[] records = lookup.run();
    return switch (lookup.getResult()) {
      case Lookup.SUCCESSFUL -> {
        List<String> texts = new ArrayList<>();
        for (Record r : records) {
          if (r instanceof TXTRecord txt) {
            texts.add(String.join("", txt.getStrings()));
          }
        }
        yield new TxtAnswer.Found(texts);
      }
      case Lookup.HOST_NOT_FOUND, Lookup.TYPE_NOT_FOUND -> new TxtAnswer.None();
      default -> new TxtAnswer.TempError(name + ": " + lookup.getErrorString());
    };
  }
}
