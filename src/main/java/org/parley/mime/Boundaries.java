package org.parley.mime;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where the boundary of a new multipart body comes from (RFC 2046 §5.1.1). A candidate that occurs
 * in the material it would enclose is refused by the caller, which then asks for another, so a
 * source need not be unpredictable, only varied.
 */
@FunctionalInterface
public interface Boundaries {
  /** A candidate boundary: 1 to 70 characters of RFC 2046's {@code bchars}. */
  String next();

  /** Random boundaries, {@code =_parley_} and 24 hexadecimal digits: what members' copies use. */
  static Boundaries random() {
    return () -> {
      byte[] random = new byte[12];
      ThreadLocalRandom.current().nextBytes(random);
      return "=_parley_" + HexFormat.of().formatHex(random);
    };
  }
}
