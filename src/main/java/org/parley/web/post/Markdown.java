package org.parley.web.post;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * The compose box's Markdown (CommonMark) to HTML, the one home of commonmark. Raw HTML typed in
 * the box is escaped, not passed through, and link destinations other than http(s), mailto and
 * relative ones are neutralised, so the HTML part of a web post is never more than Markdown can
 * say.
 */
public final class Markdown {
  private final Parser parser = Parser.builder().build();
  private final HtmlRenderer renderer =
      HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).softbreak("<br>\n").build();

  public String html(String markdown) {
    return renderer.render(parser.parse(markdown == null ? "" : markdown));
  }
}
