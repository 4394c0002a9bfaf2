package org.parley.mailauth;

import java.util.Locale;

/**
 * The DKIM signing algorithms Parley makes and checks: rsa-sha256 (RFC 6376 §3.3.1) and
 * ed25519-sha256 (RFC 8463). rsa-sha1 is neither made nor accepted (RFC 8301 §3.1).
 */
public enum DkimAlgorithm {
  RSA_SHA256("rsa-sha256", "rsa", "RSA"),
  ED25519_SHA256("ed25519-sha256", "ed25519", "Ed25519");

  private final String tag;
  private final String keyType;
  private final String jdkName;

  DkimAlgorithm(String tag, String keyType, String jdkName) {
    this.tag = tag;
    this.keyType = keyType;
    this.jdkName = jdkName;
  }

  /** The {@code a=} value of a signature, such as {@code rsa-sha256}. */
  public String tag() {
    return tag;
  }

  /** The {@code k=} value of a key record, such as {@code rsa}: also the word the CLI takes. */
  public String keyType() {
    return keyType;
  }

  /** The JDK's name of the key algorithm ({@code KeyFactory}, {@code KeyPairGenerator}). */
  String jdkName() {
    return jdkName;
  }

  /**
   * The algorithm of a key type word ({@code rsa} or {@code ed25519}, any case).
   *
   * @throws IllegalArgumentException naming the words allowed
   */
  public static DkimAlgorithm ofKeyType(String word) {
    String w = word.strip().toLowerCase(Locale.ROOT);
    for (DkimAlgorithm a : values()) {
      if (a.keyType.equals(w)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown key algorithm " + word + " (use rsa or ed25519)");
  }
}
