package org.parley.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Checks on the bytes of a message as it goes over the wire (RFC 5322 §2.1, §2.2). */
public final class RawMessages {
  private RawMessages() {}

  /**
   * Asserts that the header section of {@code raw} is whole: every line up to the first empty one
   * is a field ({@code Name:}) or a fold (it starts with white space), no line is over 998
   * characters, and each of {@code names} is among its fields. Returns the field names in order.
   */
  public static List<String> assertWholeHeaderSection(byte[] raw, String... names) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    assertThat(end).as("the message has a header section that ends in an empty line").isPositive();
    List<String> fields = new ArrayList<>();
    for (String line : text.substring(0, end).split("\r\n", -1)) {
      assertThat(line.length()).as("line length of %s", line).isLessThanOrEqualTo(998);
      if (line.startsWith(" ") || line.startsWith("\t")) {
        assertThat(line.isBlank()).as("a fold line with only white space: %s", text).isFalse();
        continue;
      }
      assertThat(line).as("header line in\n%s", text.substring(0, end)).matches("[!-9;-~]+:.*");
      fields.add(line.substring(0, line.indexOf(':')));
    }
    for (String name : names) {
      assertThat(fields).as("fields of\n%s", text.substring(0, end)).contains(name);
    }
    String body = text.substring(end + 4);
    assertThat(body)
        .as("the body shows no header fields of the message itself")
        .doesNotContainPattern("(?m)^(References|In-Reply-To|Message-ID|MIME-Version): ");
    return fields;
  }
}
