package org.parley.mime;

import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * Makes the HTML body of a message (RFC 2854 text/html) safe to show inside a Parley page, with
 * jsoup. Keeps what the sender meant — headings, paragraphs, links, lists, tables, quotes, figures,
 * images, emphasis, code, {@code font color} — and drops everything that runs code, loads something
 * or reaches outside the message: scripts, styles and {@code style} attributes, event handlers,
 * forms, frames, objects, SVG and MathML, meta/base/link, {@code target}, and any link that is not
 * http(s) or mailto. Links get {@code rel="nofollow noopener noreferrer"}.
 *
 * <p>Images are never loaded from the network: a {@code cid:} source (RFC 2392) stays, for the web
 * layer to map to the attachment; an http(s) source moves to {@code data-remote-src} with no {@code
 * src}, so the reader can choose to load it later; any other source is dropped. The result is a
 * body fragment, without html, head or body tags.
 */
public final class HtmlSanitizer {

  /** Elements removed with everything inside them, not just unwrapped. */
  private static final String DROPPED_WITH_CONTENT =
      "script, style, noscript, template, iframe, frame, frameset, object, embed, applet, svg,"
          + " math, form, input, button, select, textarea, option, meta, base, link, title, head,"
          + " audio, video, canvas, portal, dialog";

  private final Safelist safelist =
      Safelist.none()
          .addTags(
              "a",
              "abbr",
              "address",
              "b",
              "blockquote",
              "br",
              "caption",
              "center",
              "cite",
              "code",
              "col",
              "colgroup",
              "dd",
              "del",
              "details",
              "dfn",
              "div",
              "dl",
              "dt",
              "em",
              "figcaption",
              "figure",
              "font",
              "h1",
              "h2",
              "h3",
              "h4",
              "h5",
              "h6",
              "hr",
              "i",
              "img",
              "ins",
              "kbd",
              "li",
              "mark",
              "ol",
              "p",
              "pre",
              "q",
              "s",
              "samp",
              "small",
              "span",
              "strike",
              "strong",
              "sub",
              "summary",
              "sup",
              "table",
              "tbody",
              "td",
              "tfoot",
              "th",
              "thead",
              "tr",
              "tt",
              "u",
              "ul",
              "var")
          .addAttributes("a", "href", "title")
          .addAttributes("img", "src", "data-remote-src", "alt", "title", "width", "height")
          .addAttributes("blockquote", "cite")
          .addAttributes("q", "cite")
          .addAttributes("font", "color")
          .addAttributes("ol", "start", "type")
          .addAttributes("ul", "type")
          .addAttributes("table", "summary", "width", "border", "cellpadding", "cellspacing")
          .addAttributes("td", "colspan", "rowspan", "width", "align", "valign")
          .addAttributes("th", "colspan", "rowspan", "width", "align", "valign", "scope")
          .addAttributes("col", "span", "width")
          .addAttributes("colgroup", "span", "width")
          .addAttributes("p", "align")
          .addAttributes("div", "align")
          .addAttributes(":all", "dir", "lang")
          .addProtocols("a", "href", "http", "https", "mailto")
          .addProtocols("img", "src", "cid")
          .addProtocols("img", "data-remote-src", "http", "https")
          .addProtocols("blockquote", "cite", "http", "https")
          .addProtocols("q", "cite", "http", "https")
          .addEnforcedAttribute("a", "rel", "nofollow noopener noreferrer");

  /**
   * Returns the safe body fragment for {@code html}; null or blank gives "". Sanitising the result
   * again gives the same fragment, so a stored body can be shown by today's rules.
   */
  public String sanitize(String html) {
    return clean(html).body().html();
  }

  /** The safe document for {@code html}, not pretty-printed; null or blank gives an empty one. */
  Document clean(String html) {
    if (html == null || html.isBlank()) {
      Document empty = Document.createShell("");
      empty.outputSettings().prettyPrint(false);
      return empty;
    }
    Document dirty = Jsoup.parse(html);
    dirty.select(DROPPED_WITH_CONTENT).remove();
    for (Element img : dirty.select("img")) {
      moveRemoteSource(img);
    }
    Document clean = new Cleaner(safelist).clean(dirty);
    clean.outputSettings().prettyPrint(false);
    return clean;
  }

  /**
   * Keeps cid: sources, parks http(s) ones in data-remote-src (keeping one already parked there
   * when there is no src, so sanitising twice changes nothing), drops the rest.
   */
  private static void moveRemoteSource(Element img) {
    String src = img.attr("src").strip();
    if (src.isEmpty()) {
      src = img.attr("data-remote-src").strip();
    }
    img.removeAttr("src");
    img.removeAttr("data-remote-src");
    String lower = src.toLowerCase(Locale.ROOT);
    if (lower.startsWith("cid:")) {
      img.attr("src", src);
    } else if (lower.startsWith("http://") || lower.startsWith("https://")) {
      img.attr("data-remote-src", src);
    }
  }
}
