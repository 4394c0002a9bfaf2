package org.parley.mailauth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.parley.crypto.Tokens;

/**
 * What signing and verifying share: the data a signature covers (RFC 6376 §3.7) and the two
 * algorithms on the JDK's {@link Signature}: SHA256withRSA over that data (RSASSA-PKCS1-v1_5,
 * §3.3.1), and Ed25519 over its SHA-256 (RFC 8463 §3).
 */
final class DkimCrypto {
  /** The value of a {@code b=} tag, up to the next tag or the end (the way dkimpy removes it). */
  private static final Pattern B_VALUE = Pattern.compile("([;:\\s]b=)[^;]*");

  private DkimCrypto() {}

  /**
   * The data the header hash covers: the selected fields canonicalised, then the signature field
   * itself with its {@code b=} value removed and without its final CRLF.
   *
   * @param signatureField the whole {@code DKIM-Signature} field as it stands, or as it will
   */
  static byte[] headerData(
      DkimMessage message, List<String> names, String signatureField, boolean relaxed) {
    StringBuilder data = new StringBuilder();
    for (DkimMessage.Field f : message.select(names)) {
      data.append(DkimMessage.canonical(f.raw(), relaxed));
    }
    String own = withoutSignature(signatureField);
    if (!own.endsWith("\r\n")) {
      own += "\r\n";
    }
    String canonical = DkimMessage.canonical(own, relaxed);
    data.append(canonical, 0, canonical.length() - 2);
    return data.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** {@code field} with the value of its {@code b=} tag removed (RFC 6376 §3.7). */
  static String withoutSignature(String field) {
    Matcher m = B_VALUE.matcher(field);
    return m.find() ? field.substring(0, m.end(1)) + field.substring(m.end()) : field;
  }

  static byte[] sha256(byte[] data) {
    return Tokens.sha256(data);
  }

  static byte[] sign(DkimAlgorithm algorithm, PrivateKey key, byte[] headerData) {
    try {
      Signature s = signature(algorithm);
      s.initSign(key);
      s.update(algorithm == DkimAlgorithm.ED25519_SHA256 ? sha256(headerData) : headerData);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with " + algorithm.tag() + ": " + e, e);
    }
  }

  static boolean verify(
      DkimAlgorithm algorithm, PublicKey key, byte[] headerData, byte[] signature) {
    try {
      Signature s = signature(algorithm);
      s.initVerify(key);
      s.update(algorithm == DkimAlgorithm.ED25519_SHA256 ? sha256(headerData) : headerData);
      return s.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false; // a signature of the wrong length or form is one that does not verify
    }
  }

  private static Signature signature(DkimAlgorithm algorithm) throws GeneralSecurityException {
    return Signature.getInstance(
        algorithm == DkimAlgorithm.ED25519_SHA256 ? "Ed25519" : "SHA256withRSA");
  }

  /**
   * The public key of a record's {@code p=} bytes: for RSA a SubjectPublicKeyInfo or a bare
   * RSAPublicKey (RFC 6376 §3.6.1 names the latter; both are published), for Ed25519 the 32 bytes
   * of the key (RFC 8463 §4).
   *
   * @throws GeneralSecurityException when the bytes are no such key
   */
  static PublicKey publicKey(DkimAlgorithm algorithm, byte[] p) throws GeneralSecurityException {
    KeyFactory factory = KeyFactory.getInstance(algorithm.jdkName());
    if (algorithm == DkimAlgorithm.ED25519_SHA256) {
      if (p.length != 32) {
        throw new GeneralSecurityException("an Ed25519 key has 32 bytes, not " + p.length);
      }
      byte[] spki = new byte[DkimKey.ED25519_SPKI_PREFIX.length + 32];
      System.arraycopy(DkimKey.ED25519_SPKI_PREFIX, 0, spki, 0, DkimKey.ED25519_SPKI_PREFIX.length);
      System.arraycopy(p, 0, spki, DkimKey.ED25519_SPKI_PREFIX.length, 32);
      return factory.generatePublic(new X509EncodedKeySpec(spki));
    }
    try {
      return factory.generatePublic(new X509EncodedKeySpec(p));
    } catch (GeneralSecurityException notSpki) {
      return factory.generatePublic(new X509EncodedKeySpec(rsaSpki(p)));
    }
  }

  /** A bare PKCS#1 RSAPublicKey wrapped in a SubjectPublicKeyInfo (RFC 5280 §4.1, RFC 8017 A.1). */
  private static byte[] rsaSpki(byte[] pkcs1) {
    byte[] algorithm = {
      0x30,
      0x0d,
      0x06,
      0x09,
      0x2a,
      (byte) 0x86,
      0x48,
      (byte) 0x86,
      (byte) 0xf7,
      0x0d,
      0x01,
      0x01,
      0x01,
      0x05,
      0x00
    };
    byte[] bits = new byte[pkcs1.length + 1];
    System.arraycopy(pkcs1, 0, bits, 1, pkcs1.length);
    byte[] bitString = der(0x03, bits);
    byte[] body = new byte[algorithm.length + bitString.length];
    System.arraycopy(algorithm, 0, body, 0, algorithm.length);
    System.arraycopy(bitString, 0, body, algorithm.length, bitString.length);
    return der(0x30, body);
  }

  private static byte[] der(int tag, byte[] content) {
    int n = content.length;
    byte[] length =
        n < 0x80
            ? new byte[] {(byte) n}
            : n < 0x100
                ? new byte[] {(byte) 0x81, (byte) n}
                : new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
    byte[] out = new byte[1 + length.length + n];
    out[0] = (byte) tag;
    System.arraycopy(length, 0, out, 1, length.length);
    System.arraycopy(content, 0, out, 1 + length.length, n);
    return out;
  }
}
