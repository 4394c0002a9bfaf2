package org.parley.delivery.decorations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.delivery.decorations.TestCopies.ORIGIN;
import static org.parley.delivery.decorations.TestCopies.group;
import static org.parley.delivery.decorations.TestCopies.header;
import static org.parley.delivery.decorations.TestCopies.message;

import org.junit.jupiter.api.Test;
import org.parley.mime.EditableMessage;

class SubjectPrefixTest {
  private static String subjectOf(String prefix, String... lines) throws Exception {
    EditableMessage copy = message(lines);
    new SubjectPrefix().apply(group("group", prefix, ""), ORIGIN, copy);
    return header(copy);
  }

  @Test
  void thePrefixGoesInFrontOnce() throws Exception {
    assertThat(subjectOf("[news]", "From: a@example.com", "Subject: Hello", "", "b"))
        .isEqualTo("From: a@example.com\r\nSubject: [news] Hello\r\n");
  }

  @Test
  void aSubjectThatCarriesThePrefixAnywhereIsLeftAlone() throws Exception {
    assertThat(subjectOf("[news]", "Subject: [news] Hello", "", "b"))
        .isEqualTo("Subject: [news] Hello\r\n");
    assertThat(subjectOf("[news]", "Subject: Re: [NEWS] Hello", "", "b"))
        .isEqualTo("Subject: Re: [NEWS] Hello\r\n");
    // the prefix is looked for in the decoded text
    assertThat(
            subjectOf("[news]", "Subject: =?utf-8?q?Re=3A_=5Bnews=5D_Gr=C3=BC=C3=9Fe?=", "", "b"))
        .isEqualTo("Subject: =?utf-8?q?Re=3A_=5Bnews=5D_Gr=C3=BC=C3=9Fe?=\r\n");
  }

  @Test
  void encodedWordsAreKeptAndAPrefixBeyondAsciiIsEncoded() throws Exception {
    assertThat(subjectOf("[news]", "Subject: =?iso-8859-1?q?Caf=E9?=", "", "b"))
        .isEqualTo("Subject: [news] =?iso-8859-1?q?Caf=E9?=\r\n");
    assertThat(subjectOf("[café]", "Subject: Hello", "", "b"))
        .isEqualTo("Subject: =?ISO-8859-1?Q?[caf=E9]?= Hello\r\n");
  }

  @Test
  void aLongSubjectIsFoldedAgainAndOnlyTheFirstSubjectChanges() throws Exception {
    String words = "word ".repeat(20).strip();
    String header = subjectOf("[news]", "Subject: " + words, "Subject: second", "", "b");
    assertThat(header)
        .startsWith("Subject: [news] word")
        .contains("\r\n word")
        .endsWith("Subject: second\r\n");
    for (String line : header.split("\r\n")) {
      assertThat(line.length()).isLessThanOrEqualTo(78);
    }
  }

  @Test
  void aMessageWithoutSubjectGetsThePrefixAndNoPrefixChangesNothingButTheFolding()
      throws Exception {
    assertThat(subjectOf("[news]", "From: a@example.com", "", "b"))
        .isEqualTo("From: a@example.com\r\nSubject: [news]\r\n");
    assertThat(subjectOf("", "From: a@example.com", "", "b")).isEqualTo("From: a@example.com\r\n");
    assertThat(subjectOf("", "Subject: two", "\tlines", "", "b"))
        .isEqualTo("Subject: two\tlines\r\n");
  }
}
