package org.parley.archive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A post's text and HTML are kept packed and come back as they were written. */
class PostBodiesTest {
  @Test
  void textAndHtmlInAnyScriptComeBackAsWrittenAndTheTextAloneWithoutTheHtml() {
    String text = "Привет, 世界: a patch follows.\n> quoted\n" + "+\tif (fd < 0)\n".repeat(300);
    String html = "<p>Привет, <b>世界</b></p>".repeat(200);

    byte[] packed = PostBodies.pack(text, html);

    assertThat(packed.length).isLessThan((text.length() + html.length()) / 4);
    assertThat(PostBodies.unpack(packed, true)).isEqualTo(new PostBodies.Bodies(text, html));
    assertThat(PostBodies.unpack(packed, false)).isEqualTo(new PostBodies.Bodies(text, null));
  }

  @Test
  void aPostWithoutHtmlOrTextKeepsThatApart() {
    assertThat(PostBodies.unpack(PostBodies.pack("plain", null), true))
        .isEqualTo(new PostBodies.Bodies("plain", null));
    assertThat(PostBodies.unpack(PostBodies.pack("", ""), true))
        .isEqualTo(new PostBodies.Bodies("", ""));
  }
}
