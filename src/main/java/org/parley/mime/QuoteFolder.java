package org.parley.mime;

import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Folds the quoted part of a reply's sanitised HTML behind {@code <details>} "show quoted text", as
 * the plain-text view does: each outermost {@code <blockquote>} (Gmail's and Apple Mail's quotes,
 * Thunderbird's {@code type=cite}) together with the attribution line just before it ("On …
 * wrote:"). Works without JavaScript. Call it only for replies: in an original message a blockquote
 * is usually content (a pull quote) that must stay visible.
 */
public final class QuoteFolder {
  private static final Pattern ATTRIBUTION =
      Pattern.compile(
          "(?s).*(\\bwrote|\\bschrieb|a écrit|escribió|ha scritto|schreef|skrev|napisał)\\s*:\\s*$");

  /** The same HTML with its quotes folded; the input must already be sanitised. */
  public String fold(String sanitisedHtml) {
    Document doc = Jsoup.parseBodyFragment(sanitisedHtml);
    doc.outputSettings().prettyPrint(false);
    for (Element quote : doc.body().select("blockquote")) {
      if (quote.parents().stream().anyMatch(p -> p.nameIs("blockquote") || p.nameIs("details"))) {
        continue;
      }
      Element details = new Element("details").addClass("quoted");
      details.appendElement("summary").text("show quoted text");
      Node before = previousMeaningful(quote);
      quote.before(details);
      String text =
          before instanceof Element e ? e.text() : before instanceof TextNode t ? t.text() : "";
      if (before != null && ATTRIBUTION.matcher(text).matches()) {
        details.appendChild(before);
      }
      details.appendChild(quote);
    }
    return doc.body().html();
  }

  private static Node previousMeaningful(Element quote) {
    Node n = quote.previousSibling();
    while (n != null && (n.outerHtml().isBlank() || n.nameIs("br"))) {
      n = n.previousSibling();
    }
    return n;
  }
}
