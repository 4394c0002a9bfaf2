package org.parley.mailauth;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.james.jspf.core.DNSRequest;
import org.apache.james.jspf.core.exceptions.TimeoutException;
import org.apache.james.jspf.impl.DNSServiceXBillImpl;
import org.xbill.DNS.Cache;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * jSPF's look-ups made with the site's own resolver and cache ({@link DnsJava}): jSPF's own would
 * use dnsjava's process-wide cache, and its asynchronous path a default resolver that knows nothing
 * of {@code dns_servers} or the timeout. A look-up that got no answer (a timeout, SERVFAIL) is
 * jSPF's {@link TimeoutException}, which it turns into TEMPERROR (RFC 7208 §4.4); a name without
 * such records is no records.
 */
final class JspfDns extends DNSServiceXBillImpl {
  private final Cache cache;

  JspfDns(Resolver resolver, Cache cache) {
    super(resolver);
    this.cache = cache;
  }

  @Override
  public List<String> getRecords(DNSRequest request) throws TimeoutException {
    int type =
        switch (request.getRecordType()) {
          case DNSRequest.A -> Type.A;
          case DNSRequest.AAAA -> Type.AAAA;
          case DNSRequest.MX -> Type.MX;
          case DNSRequest.PTR -> Type.PTR;
          case DNSRequest.TXT -> Type.TXT;
          case DNSRequest.SPF -> Type.SPF;
          default -> -1;
        };
    if (type < 0) {
      return null;
    }
    Name name;
    try {
      String host = request.getHostname();
      name = Name.fromString(host.endsWith(".") ? host : host + ".");
    } catch (TextParseException e) {
      return null; // a name DNS cannot hold has no records
    }
    Lookup lookup = new Lookup(name, type);
    lookup.setResolver(resolver);
    lookup.setCache(cache);
    lookup.setSearchPath((Name[]) null);
    Record[] records = lookup.run();
    return switch (lookup.getResult()) {
      case Lookup.SUCCESSFUL -> convertRecordsToList(records);
      case Lookup.HOST_NOT_FOUND, Lookup.TYPE_NOT_FOUND -> null;
      default -> throw new TimeoutException(name + ": " + lookup.getErrorString());
    };
  }

  /** The same look-up, made at once on the caller's thread: jSPF waits for it anyway. */
  @Override
  public CompletionStage<List<String>> getRecordsAsync(DNSRequest request) {
    try {
      return CompletableFuture.completedFuture(getRecords(request));
    } catch (TimeoutException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
