package org.parley.delivery.decorations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DecorationsTest {
  /**
   * The order is the order of the fields a copy gains, so a change to it is a change to every copy:
   * the golden files say so too.
   */
  @Test
  void theStandardListRunsInItsDocumentedOrderUnderKebabCaseIds() {
    List<String> ids =
        Decorations.standard(TestCopies.ADDRESSES, () -> TestCopies.BASE_URL, () -> "=_b").stream()
            .map(Decoration::id)
            .toList();
    assertThat(ids)
        .containsExactly(
            "cleanse",
            "wrap-for-dmarc",
            "cleanse-dkim",
            "required-fields",
            "subject-prefix",
            "footer",
            "list-headers",
            "precedence",
            "reply-to",
            "munge-from")
        .allMatch(id -> id.matches("[a-z]+(-[a-z]+)*"));
  }
}
