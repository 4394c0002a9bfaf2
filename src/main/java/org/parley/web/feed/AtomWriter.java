package org.parley.web.feed;

import com.rometools.rome.feed.atom.Content;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Generator;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.feed.atom.Person;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedOutput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Writes an Atom 1.0 document (RFC 4287) with Rome, the one home of the library: the XML is Rome's,
 * so every text is escaped by it, and nothing here concatenates markup. Characters XML 1.0 cannot
 * carry (C0 controls but tab and line ends, lone surrogates), which a message's text may hold, are
 * left out rather than failing the whole feed.
 */
final class AtomWriter {
  /**
   * A feed (RFC 4287 §4.1.1).
   *
   * @param id its permanent id, an IRI (§4.2.6)
   * @param self the feed's own address (§4.2.7.2 "self")
   * @param page the page the feed follows (§4.2.7.2 "alternate", text/html)
   * @param updated when it last changed: its newest entry's date
   */
  record Document(
      String id,
      String title,
      String subtitle,
      String self,
      String page,
      Instant updated,
      List<Item> entries) {}

  /**
   * An entry (RFC 4287 §4.1.2).
   *
   * @param email the author's address, or "" where the viewer may not see it
   * @param link the post's permalink (§4.2.7.2 "alternate")
   * @param summary plain text
   * @param html the post as the conversation page renders it: sanitised HTML, which Rome escapes
   *     into a {@code type="html"} content element (§4.1.3.1)
   */
  record Item(
      String id,
      String title,
      String author,
      String email,
      String link,
      Instant published,
      Instant updated,
      String summary,
      String html) {}

  /** The document as XML, UTF-8 by its declaration. */
  String write(Document d) {
    Feed feed = new Feed("atom_1.0");
    feed.setEncoding("UTF-8");
    feed.setId(clean(d.id()));
    feed.setTitle(clean(d.title()));
    if (!d.subtitle().isBlank()) {
      feed.setSubtitle(content(Content.TEXT, d.subtitle()));
    }
    feed.setUpdated(Date.from(d.updated()));
    feed.setAlternateLinks(List.of(link("alternate", "text/html", d.page())));
    feed.setOtherLinks(List.of(link("self", "application/atom+xml", d.self())));
    Generator generator = new Generator();
    generator.setValue("Parley");
    feed.setGenerator(generator);
    List<Entry> entries = new ArrayList<>();
    for (Item item : d.entries()) {
      entries.add(entry(item));
    }
    feed.setEntries(entries);
    try {
      return new WireFeedOutput().outputString(feed, true);
    } catch (FeedException e) {
      throw new IllegalStateException("Rome refused a feed it was given whole", e);
    }
  }

  private static Entry entry(Item item) {
    Entry e = new Entry();
    e.setId(clean(item.id()));
    e.setTitle(clean(item.title()));
    Person author = new Person();
    author.setName(clean(item.author()));
    if (!item.email().isBlank()) {
      author.setEmail(clean(item.email()));
    }
    List<SyndPerson> authors = new ArrayList<>();
    authors.add(author);
    e.setAuthors(authors);
    e.setAlternateLinks(List.of(link("alternate", "text/html", item.link())));
    e.setPublished(Date.from(item.published()));
    e.setUpdated(Date.from(item.updated()));
    if (!item.summary().isBlank()) {
      e.setSummary(content(Content.TEXT, item.summary()));
    }
    e.setContents(List.of(content(Content.HTML, item.html())));
    return e;
  }

  private static Link link(String rel, String type, String href) {
    Link l = new Link();
    l.setRel(rel);
    l.setType(type);
    l.setHref(href);
    return l;
  }

  private static Content content(String type, String value) {
    Content c = new Content();
    c.setType(type);
    c.setValue(clean(value));
    return c;
  }

  /** {@code s} without the characters XML 1.0 cannot carry (its §2.2 Char production). */
  static String clean(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      int n = Character.charCount(c);
      boolean ok =
          c == 0x9
              || c == 0xA
              || c == 0xD
              || (c >= 0x20 && c <= 0xD7FF)
              || (c >= 0xE000 && c <= 0xFFFD)
              || (c >= 0x10000 && c <= 0x10FFFF);
      if (!ok && sb == null) {
        sb = new StringBuilder(s.length()).append(s, 0, i);
      } else if (ok && sb != null) {
        sb.appendCodePoint(c);
      }
      i += n;
    }
    return sb == null ? s : sb.toString();
  }
}
