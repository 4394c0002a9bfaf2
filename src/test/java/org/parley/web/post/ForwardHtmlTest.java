package org.parley.web.post;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.parley.mailtext.ForwardedPost;
import org.parley.web.Views;

/**
 * A forward's HTML part ({@code mail/forward.jte}): the reader's note and the original's fields
 * escaped, line by line, above the post's own HTML, sanitised (the archive keeps it as it came),
 * and the link to the post.
 */
class ForwardHtmlTest {
  @Test
  void theNoteAndFieldsAreEscapedAndThePostsHtmlIsKeptSanitised() {
    ForwardedPost post =
        new ForwardedPost(
            "Look, <b>Bob</b> &\nsee below.",
            "Ada <ada@example.com>",
            "Sun, Nov 30, 2025 at 11:00 AM UTC",
            "Engines & looms",
            "news@lists.example.org",
            "The engine weaves algebra.",
            "https://l.example/g/news/t/1/?a=1&b=2#p1");
    String html =
        new Views()
            .render(
                "mail/forward.jte",
                new PrivateMailPages.ForwardHtml(
                    post,
                    "<p onclick=\"x()\">The engine <em>weaves</em>.</p><script>x()</script>"));
    assertThat(html)
        .isEqualTo(
            """
            <div>Look, &lt;b&gt;Bob&lt;/b&gt; &amp;<br>
            see below.<br>
            </div><br>
            <div>---------- Forwarded message ---------<br>
            From: Ada &lt;ada@example.com&gt;<br>
            Date: Sun, Nov 30, 2025 at 11:00 AM UTC<br>
            Subject: Engines &amp; looms<br>
            To: news@lists.example.org<br>
            </div><br>
            <p>The engine <em>weaves</em>.</p>
            <p><a href="https://l.example/g/news/t/1/?a=1&amp;b=2#p1">\
            https://l.example/g/news/t/1/?a=1&amp;b=2#p1</a></p>
            """);
  }
}
