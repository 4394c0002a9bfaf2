package org.parley.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one home of random tokens, digests and signatures. */
class TokensTest {
  @Test
  void tokensHaveTheirLengthAndAlphabetAndDoNotRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String hex = Tokens.hex(16);
      assertThat(hex).matches("[0-9a-f]{32}");
      assertThat(seen.add(hex)).isTrue();
      // 32 bytes in unpadded base64url: 43 characters, nothing that needs escaping in a link
      assertThat(Tokens.urlSafe(32)).matches("[A-Za-z0-9_-]{43}");
    }
    assertThat(Tokens.bytes(32)).hasSize(32).isNotEqualTo(Tokens.bytes(32));
  }

  @Test
  void sha256IsTheStandardOne() {
    // FIPS 180-2's example: SHA-256("abc")
    assertThat(Tokens.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(Tokens.hash("abc")).isEqualTo(Tokens.sha256Hex("abc".getBytes()));
  }

  @Test
  void hmacIsRfc4231sAndComparisonsAreExact() {
    // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?"
    assertThat(
            Hmac.sign("Jefe".getBytes(StandardCharsets.US_ASCII), "what do ya want for nothing?"))
        .isEqualTo("W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM");
    assertThat(Hmac.same("abc", "abc")).isTrue();
    assertThat(Hmac.same("abc", "abd")).isFalse();
    assertThat(Hmac.same("abc", "abcd")).isFalse();
  }
}
