package org.parley.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signatures Parley hands out and takes back (the web's form cookies and image consents):
 * HMAC-SHA256, the one home of {@code javax.crypto.Mac}.
 */
public final class Hmac {
  private Hmac() {}

  /** The HMAC-SHA256 (RFC 2104) of {@code data} under {@code key}, in unpadded base64url. */
  public static String sign(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] sum = mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(sum);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /**
   * Whether two tokens are equal, in a time that does not depend on where they differ (a signature
   * or a CSRF token compared with the one sent).
   */
  public static boolean same(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
