package org.parley.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random tokens and SHA-256 digests: the one home of {@link SecureRandom} and {@link MessageDigest}
 * in Parley (session ids, sign-up and reset links, members' unsubscribe tokens, form keys,
 * generated Message-IDs, passwords made for the demo and for {@code init}, keys, blob keys). Every
 * token is drawn from one {@link SecureRandom}, which is safe to share between threads.
 */
public final class Tokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Tokens() {}

  /** {@code n} random bytes (keys). */
  public static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** {@code n} random bytes as lower-case hex ({@code 2n} characters). */
  public static String hex(int n) {
    return HexFormat.of().formatHex(bytes(n));
  }

  /** {@code n} random bytes as unpadded base64url, safe in links, cookies and file names. */
  public static String urlSafe(int n) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(n));
  }

  /** The SHA-256 of {@code data}. */
  public static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** The SHA-256 of {@code data} in lower-case hex (64 characters). */
  public static String sha256Hex(byte[] data) {
    return HexFormat.of().formatHex(sha256(data));
  }

  /**
   * The SHA-256 of a token's UTF-8 bytes in hex: what is stored in place of a token a user holds
   * (session ids, links), so a copy of the store cannot be used to sign in.
   */
  public static String hash(String token) {
    return sha256Hex(token.getBytes(StandardCharsets.UTF_8));
  }
}
