package org.parley.mailauth;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.parley.mailauth.DkimResult.Outcome;

/**
 * Checks every {@code DKIM-Signature} of a received message (RFC 6376 §6), with the key each names
 * looked up through {@link Dns} at {@code <s>._domainkey.<d>}: rsa-sha256 and ed25519-sha256 (RFC
 * 8463), simple and relaxed canonicalisation, {@code l=}, oversigned {@code h=}, {@code x=}.
 *
 * <p>Results (RFC 8601 §2.7.1): a signature whose body hash and signature verify is {@code pass};
 * one whose body hash or signature does not is {@code fail}; a look-up that failed is {@code
 * temperror} (try later); anything that makes the signature uncheckable for good is {@code
 * permerror}: a malformed signature or key record, no key, a revoked key (empty {@code p=}), an RSA
 * key under 1024 bits (RFC 8301 §3.2), an expired signature, or rsa-sha1, which RFC 8301 §3.1 says
 * must not be used for verifying: it is reported as a permanent error, not a failure, because
 * nothing was found wrong with the message, only with the algorithm its signer chose.
 *
 * <p>At most {@link #MAX_SIGNATURES} signatures are checked (each may cost a DNS look-up, RFC 6376
 * §8.4); those beyond are {@code neutral}, "not checked". It never throws.
 */
public final class DkimVerification implements DkimVerifier {
  /** How many signatures of one message are checked. */
  public static final int MAX_SIGNATURES = 10;

  /** The smallest RSA key accepted (RFC 8301 §3.2). */
  static final int MIN_RSA_BITS = 1024;

  private final Dns dns;
  private final Clock clock;

  /**
   * @param clock the time {@code x=} is compared with
   */
  public DkimVerification(Dns dns, Clock clock) {
    this.dns = dns;
    this.clock = clock;
  }

  @Override
  public List<DkimResult> verify(byte[] raw) {
    List<DkimResult> results = new ArrayList<>();
    DkimMessage message;
    try {
      message = DkimMessage.of(DkimMessage.crlf(raw));
    } catch (RuntimeException e) {
      return results;
    }
    for (DkimMessage.Field f : message.fields()) {
      if (!f.key().equals("dkim-signature")) {
        continue;
      }
      if (results.size() >= MAX_SIGNATURES) {
        results.add(named(f).result(Outcome.NEUTRAL, "not checked: too many signatures"));
        continue;
      }
      try {
        results.add(check(message, f));
      } catch (RuntimeException e) {
        results.add(named(f).permerror("cannot be checked: " + e));
      }
    }
    return results;
  }

  /** The result of one signature. */
  private DkimResult check(DkimMessage message, DkimMessage.Field field) {
    String value = field.raw().substring(field.raw().indexOf(':') + 1);
    Map<String, String> tags;
    try {
      tags = DkimTags.parse(value);
    } catch (IllegalArgumentException e) {
      return new DkimResult(
          "", "", "", Outcome.PERMERROR, "malformed signature: " + e.getMessage());
    }
    String domain = tags.getOrDefault("d", "").toLowerCase(Locale.ROOT);
    String selector = tags.getOrDefault("s", "").toLowerCase(Locale.ROOT);
    String a = tags.getOrDefault("a", "").toLowerCase(Locale.ROOT);
    Verdict v = new Verdict(domain, selector, a);
    for (String required : List.of("v", "a", "b", "bh", "d", "h", "s")) {
      if (!tags.containsKey(required)) {
        return v.permerror("the signature has no " + required + "= tag");
      }
    }
    if (!tags.get("v").equals("1")) {
      return v.permerror("unknown signature version " + tags.get("v"));
    }
    DkimAlgorithm algorithm;
    if (a.equals("rsa-sha1")) {
      return v.permerror("rsa-sha1 is no longer accepted (RFC 8301)");
    } else if (a.equals(DkimAlgorithm.RSA_SHA256.tag())) {
      algorithm = DkimAlgorithm.RSA_SHA256;
    } else if (a.equals(DkimAlgorithm.ED25519_SHA256.tag())) {
      algorithm = DkimAlgorithm.ED25519_SHA256;
    } else {
      return v.permerror("unknown algorithm " + a);
    }
    String[] c = tags.getOrDefault("c", "simple/simple").toLowerCase(Locale.ROOT).split("/", -1);
    if (c.length > 2 || !canon(c[0]) || (c.length == 2 && !canon(c[1]))) {
      return v.permerror("unknown canonicalization " + tags.get("c"));
    }
    boolean relaxedHeader = c[0].equals("relaxed");
    boolean relaxedBody = c.length == 2 && c[1].equals("relaxed");
    if (tags.containsKey("q")
        && !tags.get("q").strip().toLowerCase(Locale.ROOT).equals("dns/txt")) {
      return v.permerror("unknown query method " + tags.get("q"));
    }
    if (!domain.matches("[a-z0-9_]([a-z0-9_.-]*[a-z0-9])?")
        || !selector.matches("[a-z0-9_][a-z0-9_.-]*")) {
      return v.permerror("a bad d= or s= tag");
    }
    List<String> names =
        Arrays.stream(tags.get("h").split(":", -1))
            .map(n -> n.replaceAll("[ \t\r\n]", ""))
            .toList();
    if (names.stream().noneMatch(n -> n.equalsIgnoreCase("from"))) {
      return v.permerror("the signature does not cover From");
    }
    String auid = tags.getOrDefault("i", "@" + domain).toLowerCase(Locale.ROOT);
    String auidDomain = auid.substring(auid.lastIndexOf('@') + 1);
    if (!auidDomain.equals(domain) && !auidDomain.endsWith("." + domain)) {
      return v.permerror("i= is not within d=");
    }
    long now = clock.instant().getEpochSecond();
    if (tags.containsKey("x")) {
      long x = number(tags.get("x"));
      if (x < 0 || (tags.containsKey("t") && x < number(tags.get("t")))) {
        return v.permerror("a bad x= tag");
      }
      if (x < now) {
        return v.permerror("the signature expired");
      }
    }
    long length = -1;
    if (tags.containsKey("l")) {
      length = number(tags.get("l"));
      if (length < 0) {
        return v.permerror("a bad l= tag");
      }
    }
    byte[] signature;
    byte[] bodyHash;
    try {
      signature = Base64.getDecoder().decode(DkimTags.base64(tags.get("b")));
      bodyHash = Base64.getDecoder().decode(DkimTags.base64(tags.get("bh")));
    } catch (IllegalArgumentException e) {
      return v.permerror("b= or bh= is not base64");
    }

    PublicKey key;
    TxtAnswer answer = dns.txt(selector + "._domainkey." + domain);
    switch (answer) {
      case TxtAnswer.TempError t -> {
        return v.result(Outcome.TEMPERROR, "key look-up failed: " + t.reason());
      }
      case TxtAnswer.None n -> {
        return v.permerror("no key for the signature");
      }
      case TxtAnswer.Found found -> {
        // a name may hold other TXT records beside the key: take the first that reads as one
        String record =
            found.records().stream()
                .filter(r -> r.matches("(?s)[ \t]*(v[ \t]*=[ \t]*DKIM1|.*\bp[ \t]*=).*"))
                .findFirst()
                .orElse(null);
        if (record == null) {
          return v.permerror("no key for the signature");
        }
        KeyOrError k = key(record, algorithm, auidDomain.equals(domain));
        if (k.error != null) {
          return v.permerror(k.error);
        }
        key = k.key;
      }
    }

    byte[] body = message.body(relaxedBody);
    if (length > body.length) {
      return v.permerror("l= is longer than the body");
    }
    if (length >= 0) {
      body = Arrays.copyOf(body, (int) length);
    }
    if (!Arrays.equals(DkimCrypto.sha256(body), bodyHash)) {
      return v.result(Outcome.FAIL, "body hash did not verify");
    }
    byte[] data = DkimCrypto.headerData(message, names, field.raw(), relaxedHeader);
    if (!DkimCrypto.verify(algorithm, key, data, signature)) {
      return v.result(Outcome.FAIL, "signature did not verify");
    }
    return v.result(Outcome.PASS, "");
  }

  private record KeyOrError(PublicKey key, String error) {}

  /** The key of a record (RFC 6376 §3.6.1), or why it cannot be used for this signature. */
  private static KeyOrError key(String record, DkimAlgorithm algorithm, boolean sameDomain) {
    Map<String, String> tags;
    try {
      tags = DkimTags.parse(record);
    } catch (IllegalArgumentException e) {
      return new KeyOrError(null, "malformed key record: " + e.getMessage());
    }
    if (tags.containsKey("v")
        && (!tags.get("v").equals("DKIM1") || !tags.keySet().iterator().next().equals("v"))) {
      return new KeyOrError(null, "malformed key record: v= is not DKIM1 first");
    }
    String k = tags.getOrDefault("k", "rsa").toLowerCase(Locale.ROOT);
    if (!k.equals(algorithm.keyType())) {
      return new KeyOrError(null, "the key is " + k + ", the signature " + algorithm.tag());
    }
    if (tags.containsKey("h")
        && Arrays.stream(tags.get("h").split(":"))
            .noneMatch(h -> h.strip().equalsIgnoreCase("sha256"))) {
      return new KeyOrError(null, "the key does not allow sha256");
    }
    if (tags.containsKey("s")
        && Arrays.stream(tags.get("s").split(":"))
            .map(String::strip)
            .noneMatch(s -> s.equals("*") || s.equalsIgnoreCase("email"))) {
      return new KeyOrError(null, "the key is not for email");
    }
    if (!sameDomain
        && tags.containsKey("t")
        && Arrays.stream(tags.get("t").split(":")).anyMatch(t -> t.strip().equals("s"))) {
      return new KeyOrError(null, "the key (t=s) does not allow a subdomain in i=");
    }
    if (!tags.containsKey("p")) {
      return new KeyOrError(null, "malformed key record: no p= tag");
    }
    String p = DkimTags.base64(tags.get("p"));
    if (p.isEmpty()) {
      return new KeyOrError(null, "the key was revoked");
    }
    try {
      PublicKey key = DkimCrypto.publicKey(algorithm, Base64.getDecoder().decode(p));
      if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
        return new KeyOrError(
            null, "the RSA key has " + rsa.getModulus().bitLength() + " bits, fewer than 1024");
      }
      return new KeyOrError(key, null);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return new KeyOrError(null, "the key record's p= is not a key");
    }
  }

  private static boolean canon(String word) {
    return word.equals("simple") || word.equals("relaxed");
  }

  /** A tag's decimal number, or -1 when it is none (at most 12 digits, RFC 6376 §3.5). */
  private static long number(String value) {
    String s = value.strip();
    return s.matches("[0-9]{1,12}") ? Long.parseLong(s) : -1;
  }

  /** The d=, s= and a= of a signature, as far as they can be read; blank where they cannot. */
  private static Verdict named(DkimMessage.Field field) {
    try {
      Map<String, String> tags =
          DkimTags.parse(field.raw().substring(field.raw().indexOf(':') + 1));
      return new Verdict(
          tags.getOrDefault("d", "").toLowerCase(Locale.ROOT),
          tags.getOrDefault("s", "").toLowerCase(Locale.ROOT),
          tags.getOrDefault("a", "").toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return new Verdict("", "", "");
    }
  }

  private record Verdict(String domain, String selector, String algorithm) {
    DkimResult result(Outcome outcome, String reason) {
      return new DkimResult(domain, selector, algorithm, outcome, reason);
    }

    DkimResult permerror(String reason) {
      return result(Outcome.PERMERROR, reason);
    }
  }
}
