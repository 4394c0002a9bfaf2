package org.parley.mime;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Derives plain text from an HTML body, for messages that have no text/plain alternative (RFC 2046
 * §5.1.4): the words as a reader sees them, with line breaks at {@code <br>} and around blocks
 * (paragraphs, headings, list items, table rows, quotes), list items marked with "- ", and scripts
 * and styles left out.
 */
public final class HtmlText {

  private HtmlText() {}

  /** The text of {@code html}; lines separated by "\n", at most one blank line in a row. */
  static String of(String html) {
    return text(Jsoup.parse(html).body(), true);
  }

  /**
   * The words of an HTML body as a listing shows the start of a post: as {@link #of}, but with
   * quoted blocks ({@code <blockquote>}) left out and list items without a "- " marker, so no
   * Markdown-like syntax is made up.
   */
  public static String withoutQuotes(String html) {
    Element body = Jsoup.parse(html == null ? "" : html).body();
    body.select("blockquote").remove();
    return text(body, false);
  }

  private static String text(Element body, boolean listMarkers) {
    StringBuilder out = new StringBuilder();
    NodeTraversor.traverse(new Collector(out, listMarkers), body);
    return out.toString()
        .replace('\u00a0', ' ')
        .replaceAll("[ \\t]+\\n", "\n")
        .replaceAll("\\n[ \\t]+", "\n")
        .replaceAll("\\n{3,}", "\n\n")
        .strip();
  }

  private static final class Collector implements NodeVisitor {
    private final StringBuilder out;
    private final boolean listMarkers;

    Collector(StringBuilder out, boolean listMarkers) {
      this.out = out;
      this.listMarkers = listMarkers;
    }

    @Override
    public void head(Node node, int depth) {
      if (node instanceof TextNode text) {
        if (!inPre(text)) {
          String words = text.text();
          if (!words.isBlank() || (!out.isEmpty() && out.charAt(out.length() - 1) != ' ')) {
            out.append(words.isBlank() ? " " : words);
          }
        } else {
          out.append(text.getWholeText());
        }
      } else if (node instanceof Element e) {
        switch (e.normalName()) {
          case "br" -> out.append('\n');
          case "li" -> out.append(listMarkers ? "\n- " : "\n");
          case "td", "th" -> out.append(' ');
          default -> {
            if (e.isBlock()) {
              out.append('\n');
            }
          }
        }
      }
    }

    @Override
    public void tail(Node node, int depth) {
      if (node instanceof Element e) {
        switch (e.normalName()) {
          case "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol" ->
              out.append("\n\n");
          case "li", "br" -> {}
          default -> {
            if (e.isBlock()) {
              out.append('\n');
            }
          }
        }
      }
    }

    private static boolean inPre(TextNode text) {
      for (Node n = text.parent(); n != null; n = n.parent()) {
        if (n instanceof Element e && e.normalName().equals("pre")) {
          return true;
        }
      }
      return false;
    }
  }
}
