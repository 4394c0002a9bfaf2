package org.parley.mime;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Readies a message's HTML body for a place in a Parley page, with jsoup. The body is sanitised
 * again by {@link HtmlSanitizer} (so a body stored under older rules is shown by today's), then:
 *
 * <ul>
 *   <li>its headings {@code <h1>}–{@code <h6>} become {@code <div class="mail-hN">}, styled like
 *       headings but not part of the page's outline, whose headings are the page's own;
 *   <li>a {@code cid:} image (RFC 2392) gets the URL of the part with that Content-ID;
 *   <li>a remote image (parked by the sanitiser in {@code data-remote-src}) gets its {@code src}
 *       only when the reader asked to show images and it is https, with {@code
 *       referrerpolicy="no-referrer"}; otherwise it, and any image with nothing to show, becomes a
 *       {@code <span class="image-placeholder">} box holding its alt text, so no broken-image icon
 *       is drawn and no request leaves the page;
 *   <li>every image shown has an alt text: its own, else its file name, else "image".
 * </ul>
 *
 * Everything added here is made by this class: class names never come from the message, whose
 * {@code class} attributes the sanitiser drops.
 */
public final class PageHtml {
  /** The part a {@code cid:} URL names: where the page can load it and its file name. */
  public record InlinePart(String url, String filename) {}

  /**
   * The body ready for the page.
   *
   * @param html the safe HTML fragment
   * @param remoteImages whether the body has remote images the reader may choose to show
   * @param inlinedContentIds the Content-IDs of the parts shown inside the body
   */
  public record Result(String html, boolean remoteImages, Set<String> inlinedContentIds) {}

  private final HtmlSanitizer sanitizer = new HtmlSanitizer();

  /** A body without images of its own, such as a Markdown preview. */
  public String of(String html) {
    return of(html, cid -> Optional.empty(), false).html();
  }

  /**
   * Readies {@code html}.
   *
   * @param parts the part for a Content-ID (without "cid:"), if the message has it
   * @param showRemote whether the reader asked to load remote (https) images
   */
  public Result of(String html, Function<String, Optional<InlinePart>> parts, boolean showRemote) {
    Document doc = sanitizer.clean(html);
    for (Element h : doc.body().select("h1, h2, h3, h4, h5, h6")) {
      String level = h.normalName().substring(1);
      h.tagName("div");
      h.addClass("mail-h" + level);
    }
    boolean remote = false;
    Set<String> inlined = new LinkedHashSet<>();
    for (Element img : doc.body().select("img")) {
      String src = img.attr("src");
      String parked = img.attr("data-remote-src");
      if (src.regionMatches(true, 0, "cid:", 0, 4)) {
        String cid = src.substring(4);
        Optional<InlinePart> part = parts.apply(cid);
        if (part.isEmpty() && !decoded(cid).equals(cid)) {
          cid = decoded(cid); // RFC 2392 §2: a cid URL is %-encoded; most mailers don't bother
          part = parts.apply(cid);
        }
        if (part.isPresent()) {
          img.attr("src", part.get().url());
          inlined.add(cid);
          defaultAlt(img, part.get().filename());
        } else {
          placeholder(img);
        }
      } else if (!parked.isEmpty()) {
        remote = true;
        if (showRemote && parked.regionMatches(true, 0, "https://", 0, 8)) {
          img.removeAttr("data-remote-src");
          img.attr("src", parked);
          img.attr("referrerpolicy", "no-referrer"); // the sender learns nothing of our page
          defaultAlt(img, lastSegment(parked));
        } else {
          placeholder(img);
        }
      } else {
        placeholder(img);
      }
    }
    return new Result(doc.body().html(), remote, Set.copyOf(inlined));
  }

  private static void defaultAlt(Element img, String filename) {
    if (!img.hasAttr("alt")) {
      img.attr("alt", filename == null || filename.isBlank() ? "image" : filename);
    }
  }

  /** An image not loaded: a box with its alt text, keeping where it would come from. */
  private static void placeholder(Element img) {
    String alt = img.attr("alt").strip();
    Element box = new Element("span").addClass("image-placeholder");
    if (img.hasAttr("data-remote-src")) {
      box.attr("data-remote-src", img.attr("data-remote-src"));
      box.attr("title", "Image from another site, not loaded");
    }
    box.text(alt.isEmpty() ? "image" : alt);
    img.replaceWith(box);
  }

  private static String lastSegment(String url) {
    String path = url.replaceFirst("[?#].*$", "");
    String name = path.substring(path.lastIndexOf('/') + 1);
    return decoded(name);
  }

  private static String decoded(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
