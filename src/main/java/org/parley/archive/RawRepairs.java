package org.parley.archive;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.parley.mime.Mailbox;
import org.parley.mime.ParsedMessage;

/**
 * Puts right the raw bytes of posts that Parley itself wrote wrongly (issue 15's doubly folded
 * References). House rule 1 keeps the raw message as received; a web post's bytes were never
 * received, they were written here, and a bug wrote what no one meant. A repair stores the bytes
 * that were meant beside the old ones (the old blob stays: blobs are content-addressed and may be
 * shared) and re-derives the post's rows from them in one transaction: the raw's key and size, the
 * address lines, body, snippet, defects and references. Threading, authorship and dates, read
 * before the damage, are kept.
 *
 * <p>The same derivation runs for every post by {@link #rederive} ({@code parley rederive}): the
 * raw message is the record (public-inbox's rule), and what the rows say of it (address lines,
 * text, sanitised HTML, snippet, defects, references) is made again from it by today's parser and
 * sanitiser, so a fix to either reaches the posts archived before it.
 */
public final class RawRepairs {
  private static final int PAGE = 500;

  private final Jdbi jdbi;
  private final BlobStore blobs;

  public RawRepairs(Jdbi jdbi, BlobStore blobs) {
    this.jdbi = jdbi;
    this.blobs = blobs;
  }

  /** What a post's rows say of its message, derived from its raw bytes. */
  public record Derived(
      String toLine,
      String ccLine,
      String bodyText,
      String bodyHtml,
      String defects,
      List<String> references,
      String inReplyTo) {

    /** What the parser read from a message. */
    public static Derived of(ParsedMessage m) {
      return new Derived(
          Mailbox.line(m.to()),
          Mailbox.line(m.cc()),
          m.text(),
          m.html(),
          String.join("\n", m.defects()),
          m.references(),
          m.inReplyTo());
    }

    /** Whether {@code post}'s rows already say this (the references are not compared). */
    public boolean matches(Post post) {
      return Objects.equals(toLine, post.toLine())
          && Objects.equals(ccLine, post.ccLine())
          && Objects.equals(bodyText, post.bodyText())
          && Objects.equals(bodyHtml, post.bodyHtml())
          && Objects.equals(defects, post.defects())
          && Objects.equals(Snippets.of(bodyText), post.snippet());
    }
  }

  /**
   * Writes the rows derived from {@code post}'s own raw message, in one transaction; the raw, the
   * thread, the author and the dates stay as they are.
   */
  public void rederive(Post post, Derived d) {
    jdbi.useTransaction(h -> update(h, post, d, post.rawSha256(), post.rawSize()));
  }

  /** What {@link #each} does with one post. */
  public interface Visit {
    void post(Post post) throws Exception;
  }

  /**
   * Visits every post of {@code source} ({@code smtp}, {@code web}, …; null: of every source), by
   * id, reading them a page at a time.
   */
  public void each(String source, Visit visit) throws Exception {
    long after = 0;
    for (List<Post> page = page(source, after); !page.isEmpty(); page = page(source, after)) {
      for (Post post : page) {
        after = post.id().value();
        visit.post(post);
      }
    }
  }

  private List<Post> page(String source, long afterId) {
    return jdbi.withHandle(
        h -> {
          var query =
              h.createQuery(
                      "SELECT "
                          + ArchiveReader.POST_COLUMNS
                          + " FROM posts WHERE "
                          + (source == null ? "" : "source = :s AND ")
                          + "id > :after AND "
                          + ArchiveReader.SHOWN
                          + " ORDER BY id LIMIT :n")
                  .bind("after", afterId)
                  .bind("n", PAGE);
          if (source != null) {
            query.bind("s", source);
          }
          return query.map(ArchiveReader::mapPost).list();
        });
  }

  /** Stores {@code raw} as {@code post}'s message, with the rows derived from it. */
  public void replace(Post post, byte[] raw, Derived d) throws IOException {
    blobs.storeWith(
        raw,
        (h, key) -> {
          update(h, post, d, key, raw.length);
          return null;
        });
  }

  private static void update(Handle h, Post post, Derived d, String key, long size) {
    h.createUpdate(
            "UPDATE posts SET raw_sha256 = :sha, raw_size = :size, to_line = :to, cc_line ="
                + " :cc, snippet = :snippet, body_text = '', body_html = NULL, bodies = :bodies,"
                + " defects = :defects WHERE id = :id")
        .bind("sha", key)
        .bind("size", size)
        .bind("to", d.toLine())
        .bind("cc", d.ccLine())
        .bind("snippet", Snippets.of(d.bodyText()))
        .bind("bodies", PostBodies.pack(d.bodyText(), d.bodyHtml()))
        .bind("defects", d.defects())
        .bind("id", post.id().value())
        .execute();
    h.createUpdate("DELETE FROM post_refs WHERE post_id = :p")
        .bind("p", post.id().value())
        .execute();
    ArchiveWriter.insertRefs(h, post.id().value(), post.groupId(), d.references(), d.inReplyTo());
  }
}
