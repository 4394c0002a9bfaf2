package org.parley.web.topic;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.parley.archive.Post;
import org.parley.archive.StoredAttachment;
import org.parley.archive.Subjects;
import org.parley.mime.QuoteFolder;
import org.parley.web.Html;
import org.parley.web.Urls;

/**
 * Renders a post's body for the conversation page, faithfully and safely.
 *
 * <p>Plain text (RFC 2046 §4.1.3) keeps its line breaks and indentation, in monospace when it looks
 * like code or a patch; links are made clickable; quoted lines ("&gt; …" with the "On … wrote:"
 * line before them) and the signature (after the RFC 3676 §4.3 "-- " line) are folded behind a
 * {@code <details>} "show quoted text", which works without JavaScript.
 *
 * <p>HTML mail arrives sanitised by {@code mime.HtmlSanitizer} at ingest, so here it is only
 * adjusted: a {@code cid:} image (RFC 2392) points to the download URL of the part of the same post
 * with that Content-ID; a remote image stays unloaded ({@code data-remote-src}) unless the reader
 * asked to show images, and then only an https one gets a {@code src}.
 */
public final class BodyRenderer {
  /** The HTML to put in the page and whether the post has remote images to offer. */
  public record Rendered(String html, boolean remoteImages) {}

  private final QuoteFolder quotes = new QuoteFolder();
  private static final Pattern CID = Pattern.compile("\\ssrc=\"cid:([^\"]*)\"");
  private static final Pattern REMOTE = Pattern.compile("\\sdata-remote-src=\"([^\"]*)\"");
  private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]+");
  private static final Pattern ATTRIBUTION =
      Pattern.compile("^\\s*(On\\b.*wrote:|.*\\bschrieb:|Le .*a écrit\\s*:)\\s*$");

  public Rendered render(
      Post post, List<StoredAttachment> attachments, String group, boolean showImages) {
    if (post.bodyHtml() != null && !post.bodyHtml().isBlank()) {
      return html(post, attachments, group, showImages);
    }
    return new Rendered(text(post.bodyText()), false);
  }

  private Rendered html(
      Post post, List<StoredAttachment> attachments, String group, boolean showImages) {
    String html = post.bodyHtml();
    if (post.inReplyTo() != null || Subjects.isReply(post.subject())) {
      html = quotes.fold(html);
    }
    Matcher cid = CID.matcher(html);
    StringBuilder sb = new StringBuilder();
    while (cid.find()) {
      String id = cid.group(1).replace("&amp;", "&");
      String replacement = "";
      for (StoredAttachment a : attachments) {
        if (a.contentId() != null && a.contentId().equals(id)) {
          replacement =
              " src=\""
                  + Html.escape(Urls.attachment(group, post.id().value(), a.idx(), a.filename()))
                  + "\"";
          break;
        }
      }
      cid.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    cid.appendTail(sb);
    html = sb.toString();
    Matcher remote = REMOTE.matcher(html);
    boolean any = false;
    sb = new StringBuilder();
    while (remote.find()) {
      any = true;
      String url = remote.group(1);
      String replacement = remote.group(0);
      if (showImages && url.startsWith("https://")) {
        replacement = " src=\"" + url + "\"";
      }
      remote.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    remote.appendTail(sb);
    return new Rendered("<div class=\"body html\">" + sb + "</div>", any);
  }

  /** Plain text as HTML: escaped, linked, quotes and signature folded. */
  public String text(String text) {
    String[] lines = (text == null ? "" : text).replace("\r\n", "\n").split("\n", -1);
    boolean mono = looksLikeCode(lines);
    StringBuilder out = new StringBuilder("<div class=\"body text" + (mono ? " mono" : "") + "\">");
    List<String> plain = new ArrayList<>();
    int i = 0;
    while (i < lines.length) {
      String line = lines[i];
      if (line.equals("-- ") || line.equals("--")) {
        flush(out, plain);
        List<String> sig = new ArrayList<>();
        for (int j = i; j < lines.length; j++) {
          sig.add(lines[j]);
        }
        fold(out, sig, "signature");
        break;
      }
      boolean attribution = ATTRIBUTION.matcher(line).matches() && nextQuoted(lines, i + 1) >= 0;
      if (line.startsWith(">") || attribution) {
        List<String> quoted = new ArrayList<>();
        if (attribution) {
          quoted.add(line);
          i++;
        }
        while (i < lines.length) {
          if (lines[i].startsWith(">")) {
            quoted.add(lines[i]);
            i++;
          } else if (lines[i].isBlank() && nextQuoted(lines, i + 1) == i + 1) {
            quoted.add(lines[i]);
            i++;
          } else {
            break;
          }
        }
        flush(out, plain);
        fold(out, quoted, "quoted");
        continue;
      }
      plain.add(line);
      i++;
    }
    flush(out, plain);
    return out.append("</div>").toString();
  }

  /** The index of the next quoted line if only blank lines come before it; else -1. */
  private static int nextQuoted(String[] lines, int from) {
    for (int j = from; j < lines.length; j++) {
      if (lines[j].startsWith(">")) {
        return j;
      }
      if (!lines[j].isBlank()) {
        return -1;
      }
    }
    return -1;
  }

  private static void flush(StringBuilder out, List<String> plain) {
    while (!plain.isEmpty() && plain.get(plain.size() - 1).isBlank()) {
      plain.remove(plain.size() - 1);
    }
    if (plain.stream().anyMatch(l -> !l.isBlank())) {
      out.append("<div class=\"plain\">").append(linked(String.join("\n", plain))).append("</div>");
    }
    plain.clear();
  }

  private static void fold(StringBuilder out, List<String> lines, String kind) {
    out.append("<details class=\"")
        .append(kind)
        .append("\"><summary>show quoted text</summary><div class=\"plain\">")
        .append(linked(String.join("\n", lines)))
        .append("</div></details>");
  }

  /** Escapes text and turns http(s) URLs into links that do not pass on the page's address. */
  static String linked(String text) {
    Matcher m = URL.matcher(text);
    StringBuilder sb = new StringBuilder();
    int last = 0;
    while (m.find()) {
      String url = m.group();
      int end = m.end();
      while (!url.isEmpty() && ".,;:!?)]}'".indexOf(url.charAt(url.length() - 1)) >= 0) {
        url = url.substring(0, url.length() - 1);
        end--;
      }
      sb.append(Html.escape(text.substring(last, m.start())));
      sb.append("<a href=\"")
          .append(Html.escape(url))
          .append("\" rel=\"nofollow noopener noreferrer\">")
          .append(Html.escape(url))
          .append("</a>");
      last = end;
    }
    sb.append(Html.escape(text.substring(last)));
    return sb.toString();
  }

  /** A patch, or text where most non-blank lines are indented or end like code. */
  static boolean looksLikeCode(String[] lines) {
    int nonBlank = 0;
    int codeish = 0;
    for (String l : lines) {
      if (l.startsWith("diff --git ") || l.startsWith("@@ -") || l.startsWith("+++ b/")) {
        return true;
      }
      if (l.isBlank() || l.startsWith(">")) {
        continue;
      }
      nonBlank++;
      String t = l.strip();
      if (l.startsWith("\t")
          || l.startsWith("    ")
          || t.endsWith(";")
          || t.endsWith("{")
          || t.equals("}")) {
        codeish++;
      }
    }
    return nonBlank >= 3 && codeish * 2 > nonBlank;
  }
}
