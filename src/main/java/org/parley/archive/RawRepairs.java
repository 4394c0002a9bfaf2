package org.parley.archive;

import java.io.IOException;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Puts right the raw bytes of posts that Parley itself wrote wrongly (issue 15's doubly folded
 * References). House rule 1 keeps the raw message as received; a web post's bytes were never
 * received, they were written here, and a bug wrote what no one meant. A repair stores the bytes
 * that were meant beside the old ones (the old blob stays: blobs are content-addressed and may be
 * shared) and re-derives the post's rows from them in one transaction: the raw's key and size, the
 * address lines, body, snippet, defects and references. Threading, authorship and dates, read
 * before the damage, are kept.
 */
public final class RawRepairs {
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
      String inReplyTo) {}

  /** Up to {@code limit} posts of {@code source} with an id above {@code afterId}, by id. */
  public List<Post> posts(String source, long afterId, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + ArchiveReader.POST_COLUMNS
                        + " FROM posts WHERE source = :s AND id > :after ORDER BY id LIMIT :n")
                .bind("s", source)
                .bind("after", afterId)
                .bind("n", limit)
                .map(ArchiveReader::mapPost)
                .list());
  }

  /** Stores {@code raw} as {@code post}'s message, with the rows derived from it. */
  public void replace(Post post, byte[] raw, Derived d) throws IOException {
    blobs.storeWith(
        raw,
        (h, key) -> {
          h.createUpdate(
                  "UPDATE posts SET raw_sha256 = :sha, raw_size = :size, to_line = :to, cc_line ="
                      + " :cc, snippet = :snippet, body_text = :text, body_html = :html, defects ="
                      + " :defects WHERE id = :id")
              .bind("sha", key)
              .bind("size", (long) raw.length)
              .bind("to", d.toLine())
              .bind("cc", d.ccLine())
              .bind("snippet", Snippets.of(d.bodyText()))
              .bind("text", d.bodyText())
              .bind("html", d.bodyHtml())
              .bind("defects", d.defects())
              .bind("id", post.id().value())
              .execute();
          h.createUpdate("DELETE FROM post_refs WHERE post_id = :p")
              .bind("p", post.id().value())
              .execute();
          ArchiveWriter.insertRefs(
              h, post.id().value(), post.groupId(), d.references(), d.inReplyTo());
          return null;
        });
  }
}
