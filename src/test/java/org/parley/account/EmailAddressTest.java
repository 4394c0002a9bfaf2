package org.parley.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The one address parser behind RCPT, sign-up, member lists and authorship (RELIABILITY C6). */
class EmailAddressTest {
  @Test
  void bracketsAndSpaceGoTheDomainIsLowerCasedAndTheKeyFoldsTheLocalPart() {
    EmailAddress a = EmailAddress.of("  <Ada.Lovelace@Example.ORG> ");
    assertThat(a.value()).isEqualTo("Ada.Lovelace@example.org");
    assertThat(a.key()).isEqualTo("ada.lovelace@example.org");
    assertThat(a.localPart()).isEqualTo("Ada.Lovelace");
    assertThat(a.domain()).isEqualTo("example.org");
  }

  @Test
  void aUtf8LocalPartIsAnAddress() {
    assertThat(EmailAddress.isValid("josé@example.org")).isTrue();
  }

  @Test
  void controlAndInvisibleFormattingCharactersAreNot() {
    for (String bad :
        new String[] {
          "ada\u0000@example.org",
          "ada\u007F@example.org",
          "ad\u202Ea@example.org", // right-to-left override
          "ad\u200Ba@example.org", // zero-width space
          "ada@exa\u202Emple.org",
          "ada@",
          "@example.org",
          "ada example.org",
          "a".repeat(65) + "@example.org"
        }) {
      assertThat(EmailAddress.isValid(bad)).as(bad).isFalse();
    }
    assertThatThrownBy(() -> EmailAddress.of("ad\u202Ea@example.org"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
