package org.parley.web.topic;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nibor.autolink.LinkExtractor;
import org.nibor.autolink.LinkSpan;
import org.nibor.autolink.LinkType;
import org.parley.archive.Post;
import org.parley.archive.StoredAttachment;
import org.parley.archive.Subjects;
import org.parley.mime.Html;
import org.parley.mime.PageHtml;
import org.parley.mime.ParsedMessage;
import org.parley.mime.QuoteFolder;
import org.parley.web.Urls;

/**
 * Renders a post's body for the conversation page, faithfully and safely.
 *
 * <p>Plain text (RFC 2046 §4.1.3) keeps its line breaks and indentation; links are made clickable;
 * quoted lines ("&gt; …" with the "On … wrote:" line before them) and the signature (after the RFC
 * 3676 §4.3 "-- " line) are folded behind a {@code <details>} "show quoted text", which works
 * without JavaScript; a signature right after a quote shares the quote's fold. Text laid out in
 * columns is shown in monospace, as Gmail and Google Groups do, so its alignment survives: the
 * whole body when it looks like code or a patch, else each paragraph that is aligned (see {@link
 * #aligned}).
 *
 * <p>HTML mail arrives sanitised by {@code mime.HtmlSanitizer} at ingest; here {@link PageHtml}
 * readies it for the page: a {@code cid:} image (RFC 2392) points to the download URL of the part
 * of the same post with that Content-ID, a remote image stays unloaded (a placeholder with its alt
 * text) unless the reader asked to show images, and then only an https one gets a {@code src}; the
 * mail's own headings do not become the page's.
 */
public final class BodyRenderer {
  /**
   * The HTML to put in the page, whether the post has remote images to offer, and the attachments
   * ({@link StoredAttachment#idx()}) already shown inside the body, which need no second listing.
   */
  public record Rendered(String html, boolean remoteImages, Set<Integer> inlined) {}

  private final QuoteFolder quotes = new QuoteFolder();
  private final PageHtml pageHtml = new PageHtml();
  private static final LinkExtractor LINKS =
      LinkExtractor.builder().linkTypes(EnumSet.of(LinkType.URL)).build();
  private static final Pattern ATTRIBUTION =
      Pattern.compile("^\\s*(On\\b.*wrote:|.*\\bschrieb:|Le .*a écrit\\s*:)\\s*$");

  /** Two or more spaces (or a tab) after a word and before another: a column gap. */
  private static final Pattern GAP = Pattern.compile("\\S( {2,}|\\t+)(?=\\S)");

  /** A rule line: "+----+----+", "|---|:--|", "===== ====" (a table's only with a + or |). */
  private static final Pattern RULE = Pattern.compile("^\\s*[-+|=:]{3,}[-+|=: ]*$");

  public Rendered render(
      Post post, List<StoredAttachment> attachments, String group, boolean showImages) {
    if (post.bodyHtml() != null && !post.bodyHtml().isBlank()) {
      return html(post, attachments, group, showImages);
    }
    return new Rendered(text(post.bodyText()), false, Set.of());
  }

  /**
   * A message that is not in the archive (one held for a moderator) rendered as the conversation
   * page renders a post: its parts have no download address yet, so an inline image shows as its
   * placeholder, and remote images stay unloaded.
   */
  public Rendered render(ParsedMessage message) {
    if (message.html() != null && !message.html().isBlank()) {
      PageHtml.Result ready = pageHtml.of(message.html(), cid -> Optional.empty(), false);
      String html = ready.html();
      if (message.inReplyTo() != null || Subjects.isReply(message.subject())) {
        html = quotes.fold(html);
      }
      return new Rendered(
          "<div class=\"body html\">" + html + "</div>", ready.remoteImages(), Set.of());
    }
    return new Rendered(text(message.text()), false, Set.of());
  }

  private Rendered html(
      Post post, List<StoredAttachment> attachments, String group, boolean showImages) {
    PageHtml.Result ready =
        pageHtml.of(
            post.bodyHtml(),
            cid ->
                attachments.stream()
                    .filter(a -> cid.equals(a.contentId()))
                    .findFirst()
                    .map(
                        a ->
                            new PageHtml.InlinePart(
                                Urls.attachment(group, post.id().value(), a.idx(), a.filename()),
                                a.filename())),
            showImages);
    String html = ready.html();
    if (post.inReplyTo() != null || Subjects.isReply(post.subject())) {
      html = quotes.fold(html);
    }
    Set<Integer> inlined = new HashSet<>();
    for (StoredAttachment a : attachments) {
      if (a.contentId() != null && ready.inlinedContentIds().contains(a.contentId())) {
        inlined.add(a.idx());
      }
    }
    return new Rendered(
        "<div class=\"body html\">" + html + "</div>", ready.remoteImages(), Set.copyOf(inlined));
  }

  /** Plain text as HTML: escaped, linked, quotes and signature folded. */
  public String text(String text) {
    String[] lines = (text == null ? "" : text).replace("\r\n", "\n").split("\n", -1);
    boolean mono = looksLikeCode(lines);
    StringBuilder out = new StringBuilder("<div class=\"body text" + (mono ? " mono" : "") + "\">");
    List<String> plain = new ArrayList<>();
    // A quote waits here until text follows it, so that a signature right after it (only blank
    // lines between) joins it behind one "show quoted text" instead of a second one.
    List<String> quote = new ArrayList<>();
    int i = 0;
    while (i < lines.length) {
      String line = lines[i];
      if (line.equals("-- ") || line.equals("--")) {
        List<String> sig = new ArrayList<>();
        for (int j = i; j < lines.length; j++) {
          sig.add(lines[j]);
        }
        if (!quote.isEmpty() && plain.stream().allMatch(String::isBlank)) {
          quote.add("");
          quote.addAll(sig);
          plain.clear();
          fold(out, quote, "quoted");
        } else {
          if (!quote.isEmpty()) {
            fold(out, quote, "quoted");
          }
          flush(out, plain, mono);
          fold(out, sig, "signature");
        }
        quote.clear();
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
        if (!quote.isEmpty()) {
          quote.add("");
        }
        flush(out, plain, mono);
        quote.addAll(quoted);
        continue;
      }
      if (!line.isBlank() && !quote.isEmpty()) {
        fold(out, quote, "quoted");
        quote.clear();
      }
      plain.add(line);
      i++;
    }
    if (!quote.isEmpty()) {
      fold(out, quote, "quoted");
    }
    flush(out, plain, mono);
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

  /** Puts out the plain lines gathered, monospace where they are aligned, and clears them. */
  private static void flush(StringBuilder out, List<String> plain, boolean wholeMono) {
    while (!plain.isEmpty() && plain.get(plain.size() - 1).isBlank()) {
      plain.remove(plain.size() - 1);
    }
    if (plain.stream().noneMatch(l -> !l.isBlank())) {
      plain.clear();
      return;
    }
    if (wholeMono) {
      plainDiv(out, plain, false);
      plain.clear();
      return;
    }
    // Paragraphs in a row that are alike (aligned or not) share a block; blank lines between two
    // blocks give way to the blocks' margins.
    List<String> run = new ArrayList<>();
    Boolean runMono = null;
    int i = 0;
    while (i < plain.size()) {
      int blanks = i;
      while (i < plain.size() && plain.get(i).isBlank()) {
        i++;
      }
      int start = i;
      while (i < plain.size() && !plain.get(i).isBlank()) {
        i++;
      }
      List<String> paragraph = plain.subList(start, i);
      boolean mono = aligned(paragraph);
      if (runMono != null && mono != runMono) {
        plainDiv(out, run, runMono);
        run.clear();
      } else {
        run.addAll(plain.subList(blanks, start));
      }
      run.addAll(paragraph);
      runMono = mono;
    }
    plainDiv(out, run, runMono != null && runMono);
    plain.clear();
  }

  private static void plainDiv(StringBuilder out, List<String> lines, boolean mono) {
    out.append(mono ? "<div class=\"plain mono\">" : "<div class=\"plain\">")
        .append(linked(String.join("\n", lines)))
        .append("</div>");
  }

  private static void fold(StringBuilder out, List<String> lines, String kind) {
    while (lines.size() > 1 && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    out.append("<details class=\"").append(kind).append("\"><summary>show quoted text</summary>");
    plainDiv(out, lines, anyAligned(lines));
    out.append("</details>");
  }

  /** Whether any paragraph (lines between blank lines) of {@code lines} is {@link #aligned}. */
  static boolean anyAligned(List<String> lines) {
    List<String> paragraph = new ArrayList<>();
    for (String l : lines) {
      if (l.isBlank() || l.strip().equals(">")) {
        if (aligned(paragraph)) {
          return true;
        }
        paragraph.clear();
      } else {
        paragraph.add(l);
      }
    }
    return aligned(paragraph);
  }

  /**
   * Whether a paragraph is laid out in columns or drawn, so that only a monospace font keeps it
   * readable: at least two lines and one of: a gap of two or more spaces (or a tab) after a word
   * that ends at the same column in two lines (a table aligned with spaces; two spaces after a full
   * stop do not count); a text-table rule ("+---+", "|---|") or two lines with two or more "|";
   * box-drawing characters; two lines that are mostly symbols (ASCII art); or every line indented
   * by four spaces or a tab (a code block).
   */
  static boolean aligned(List<String> paragraph) {
    if (paragraph.size() < 2) {
      return false;
    }
    Set<Integer> gapEnds = new HashSet<>();
    int piped = 0;
    int drawn = 0;
    boolean indented = true;
    for (String line : paragraph) {
      if (line.chars().anyMatch(c -> c >= 0x2500 && c <= 0x257f)) {
        return true;
      }
      if (RULE.matcher(line).matches() && (line.contains("+") || line.contains("|"))) {
        return true;
      }
      if (line.chars().filter(c -> c == '|').count() >= 2) {
        piped++;
      }
      if (symbolic(line)) {
        drawn++;
      }
      indented &= line.startsWith("    ") || line.startsWith("\t");
      Matcher gap = GAP.matcher(line);
      Set<Integer> ends = new HashSet<>();
      while (gap.find()) {
        boolean sentenceSpacing =
            ".!?".indexOf(line.charAt(gap.start())) >= 0 && gap.group(1).equals("  ");
        if (!sentenceSpacing) {
          ends.add(gap.end());
        }
      }
      for (int end : ends) {
        if (!gapEnds.add(end)) {
          return true;
        }
      }
    }
    return piped >= 2 || drawn >= 2 || indented;
  }

  /** A line of three or more marks where symbols outnumber letters and digits. */
  private static boolean symbolic(String line) {
    int symbols = 0;
    int other = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (Character.isWhitespace(c) || ".,;:'\"!?".indexOf(c) >= 0) {
        continue;
      }
      if (Character.isLetterOrDigit(c)) {
        other++;
      } else {
        symbols++;
      }
    }
    return symbols >= 3 && symbols > other;
  }

  /**
   * Escapes text and turns http(s) URLs into links that do not pass on the page's address. Where a
   * link ends is autolink-java's to say (balanced parentheses stay in the link, as in {@code
   * …/wiki/Foo_(bar)}, and a closing bracket or full stop after it does not); only http and https
   * become links, never another scheme.
   */
  static String linked(String text) {
    StringBuilder sb = new StringBuilder();
    int last = 0;
    for (LinkSpan span : LINKS.extractLinks(text)) {
      String url = text.substring(span.getBeginIndex(), span.getEndIndex());
      String lower = url.toLowerCase(Locale.ROOT);
      if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
        continue;
      }
      sb.append(Html.escape(text.substring(last, span.getBeginIndex())));
      sb.append("<a href=\"")
          .append(Html.escape(url))
          .append("\" rel=\"nofollow noopener noreferrer\">")
          .append(Html.escape(url))
          .append("</a>");
      last = span.getEndIndex();
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
