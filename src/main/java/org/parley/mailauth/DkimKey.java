package org.parley.mailauth;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * One DKIM key pair of a signing domain, named by its selector (RFC 6376 §3.1): the private half
 * signs, the public half is what the domain publishes at {@code <selector>._domainkey.<domain>}.
 *
 * @param domain the signing domain, the signatures' {@code d=}, in lower case
 * @param selector the key's name within the domain, the signatures' {@code s=}, in lower case
 */
public record DkimKey(
    String domain,
    String selector,
    DkimAlgorithm algorithm,
    PrivateKey privateKey,
    PublicKey publicKey) {

  /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410 §4), before the 32 key bytes. */
  static final byte[] ED25519_SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  /** The DNS name its record is published at, without the final dot. */
  public String recordName() {
    return selector + "._domainkey." + domain;
  }

  /**
   * The TXT record to publish (RFC 6376 §3.6.1): {@code v=DKIM1; k=rsa; p=<base64>}. The {@code p=}
   * of an RSA key is its SubjectPublicKeyInfo, as {@code openssl rsa -pubout} and every signer
   * publish it; of an Ed25519 key the 32 bytes of the key alone (RFC 8463 §4).
   */
  public String record() {
    return "v=DKIM1; k=" + algorithm.keyType() + "; p=" + publishedKey();
  }

  /** The base64 text of the record's {@code p=} tag. */
  public String publishedKey() {
    byte[] spki = publicKey.getEncoded();
    byte[] p =
        algorithm == DkimAlgorithm.ED25519_SHA256
            ? Arrays.copyOfRange(spki, ED25519_SPKI_PREFIX.length, spki.length)
            : spki;
    return Base64.getEncoder().encodeToString(p);
  }

  /**
   * The record as one zone-file line (RFC 1035 §5.1): {@code S._domainkey.D. IN TXT ( "v=DKIM1;
   * k=rsa; " "p=…" )}, its text split into character-strings of at most 255 bytes, which a TXT
   * record needs (RFC 1035 §3.3) and a verifier joins again (RFC 6376 §3.6.2.2).
   */
  public String zoneLine() {
    List<String> strings = new ArrayList<>();
    strings.add("v=DKIM1; k=" + algorithm.keyType() + "; ");
    String p = "p=" + publishedKey();
    for (int i = 0; i < p.length(); i += 255) {
      strings.add(p.substring(i, Math.min(p.length(), i + 255)));
    }
    StringBuilder line = new StringBuilder(recordName()).append(". IN TXT (");
    for (String s : strings) {
      assert s.getBytes(StandardCharsets.US_ASCII).length <= 255;
      line.append(" \"").append(s).append('"');
    }
    return line.append(" )").toString();
  }

  @Override
  public String toString() {
    return "DkimKey[" + recordName() + ", " + algorithm.tag() + "]";
  }
}
