package org.parley.archive;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.parley.account.AccountId;
import org.parley.mime.Attachment;
import org.parley.mime.Limits;
import org.parley.mime.MalformedMessageException;
import org.parley.mime.MessageParser;
import org.parley.spam.SpamScore;

/**
 * Reads the archive: posts, topics, attachments and the raw bytes. It answers what is stored; who
 * may see it is decided before a caller gets here (see the web's access check).
 *
 * <p>This is the one place that leaves removed posts out ({@link PostRemoval}): no method here
 * returns a removed post, its attachments or its text, counts it, or lists a topic whose every post
 * is removed; only {@link #removed(TopicId)} names the places they held, for the tombstones of the
 * conversation page. Every reader of the archive (pages, permalinks, raw and attachment downloads,
 * reply and forward forms, new-counts, search snippets and indexing, delivery, and the feeds,
 * exports and digests still to come) reads through here, and so never shows a removed post.
 */
public final class ArchiveReader {
  static final String POST_COLUMNS =
      "id, group_id, topic_id, seq, message_id, raw_sha256, raw_size, parent_id, in_reply_to,"
          + " from_address, from_name, account_id, subject, sent_at, received_at, to_line, cc_line,"
          + " snippet, body_text, body_html, bodies, defects, source";

  /** The same columns with the HTML body left out (as null): for readers that never use it. */
  private static final String POST_COLUMNS_WITHOUT_HTML =
      POST_COLUMNS.replace("body_html", "NULL AS body_html");

  /**
   * How much of a first post's text a snippet is made from (four times as much of its HTML): far
   * more than a snippet needs after quotes and a forward's header, without reading a whole book.
   */
  private static final int SNIPPET_SOURCE_CHARS = 8_000;

  private static final String TOPIC_COLUMNS =
      "id, group_id, subject, first_post_at, last_post_at, post_count, view_count";

  /** The condition a post that is shown meets: it is not removed. */
  static final String SHOWN = "removed_at IS NULL";

  /** The condition a topic that is listed meets: some post of it is shown. */
  static final String LISTED = "post_count > 0";

  /** Reads archived messages again, whatever the size limit of the day. */
  private static final MessageParser RAW_PARSER =
      new MessageParser(Limits.defaults().withMaxBytes(Long.MAX_VALUE));

  private final Jdbi jdbi;
  private final BlobStore blobs;
  private final Cache<PostId, List<Attachment>> attachmentParts =
      Caffeine.newBuilder()
          .maximumWeight(64L << 20)
          .<PostId, List<Attachment>>weigher(
              (id, parts) ->
                  (int)
                      Math.min(
                          Integer.MAX_VALUE, parts.stream().mapToLong(a -> a.data().length).sum()))
          .expireAfterAccess(Duration.ofMinutes(1))
          .build();

  public ArchiveReader(Jdbi jdbi, BlobStore blobs) {
    this.jdbi = jdbi;
    this.blobs = blobs;
  }

  public Optional<Post> post(PostId id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + POST_COLUMNS + " FROM posts WHERE id = :id AND " + SHOWN)
                .bind("id", id.value())
                .map(ArchiveReader::mapPost)
                .findOne());
  }

  /** The body text of each of these posts that exists (search results' snippets). */
  public Map<PostId, String> bodies(List<PostId> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, body_text, bodies FROM posts WHERE id IN (<ids>) AND " + SHOWN)
                .bindList("ids", ids.stream().map(PostId::value).toList())
                .reduceRows(
                    new HashMap<PostId, String>(),
                    (map, row) -> {
                      map.put(
                          new PostId(row.getColumn("id", Long.class)),
                          PostBodies.ofRow(
                                  row.getColumn("bodies", byte[].class),
                                  row.getColumn("body_text", String.class),
                                  null,
                                  false)
                              .text());
                      return map;
                    }));
  }

  /**
   * The posts among {@code ids} that exist, by id, as the search index reads them: in one query,
   * and without their HTML bodies ({@link Post#bodyHtml()} is null), which can be large and which
   * the index never reads.
   */
  public Map<PostId, Post> postsToIndex(List<PostId> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + POST_COLUMNS_WITHOUT_HTML
                        + " FROM posts WHERE id IN (<ids>) AND "
                        + SHOWN)
                .bindList("ids", ids.stream().map(PostId::value).toList())
                .map((rs, ctx) -> mapPost(rs, false))
                .collectToMap(Post::id, post -> post));
  }

  /** The posts of a group with this Message-ID, oldest first (more than one if it was reused). */
  public List<Post> postsByMessageId(long groupId, MessageId messageId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + POST_COLUMNS
                        + " FROM posts WHERE group_id = :g AND message_id = :m AND "
                        + SHOWN
                        + " ORDER BY id")
                .bind("g", groupId)
                .bind("m", messageId.value())
                .map(ArchiveReader::mapPost)
                .list());
  }

  /**
   * The posts of a group that were archived in {@code [from, to)}, by the time they arrived, in the
   * order they arrived, without their HTML bodies ({@link Post#bodyHtml()} is null): the posts of
   * one digest period. Removed posts are left out, as everywhere here, and so are imported ones:
   * history brought in is not news to mail to the members.
   */
  public List<Post> postsReceived(long groupId, Instant from, Instant to) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + POST_COLUMNS_WITHOUT_HTML
                        + " FROM posts WHERE group_id = :g AND received_at >= :from AND"
                        + " received_at < :to AND source <> 'import' AND "
                        + SHOWN
                        + " ORDER BY received_at, id")
                .bind("g", groupId)
                .bind("from", from.toEpochMilli())
                .bind("to", to.toEpochMilli())
                .map((rs, ctx) -> mapPost(rs, false))
                .list());
  }

  /**
   * How many of a group's posts were archived in {@code [from, to)}, not imported and not removed,
   * read in the caller's transaction ({@code h}): whether a digest period has anything to send.
   */
  public int countReceived(org.jdbi.v3.core.Handle h, long groupId, Instant from, Instant to) {
    return h.createQuery(
            "SELECT COUNT(*) FROM posts WHERE group_id = :g AND received_at >= :from AND"
                + " received_at < :to AND source <> 'import' AND "
                + SHOWN)
        .bind("g", groupId)
        .bind("from", from.toEpochMilli())
        .bind("to", to.toEpochMilli())
        .mapTo(Integer.class)
        .one();
  }

  /** The posts of a topic in order. */
  public List<Post> posts(TopicId topic) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + POST_COLUMNS
                        + " FROM posts WHERE topic_id = :t AND "
                        + SHOWN
                        + " ORDER BY seq")
                .bind("t", topic.value())
                .map(ArchiveReader::mapPost)
                .list());
  }

  /**
   * A group's {@code limit} newest posts, by the order they arrived, newest first: the entries of
   * its feed of all posts.
   */
  public List<Post> newestPosts(long groupId, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + POST_COLUMNS
                        + " FROM posts WHERE group_id = :g AND "
                        + SHOWN
                        + " ORDER BY received_at DESC, id DESC LIMIT :limit")
                .bind("g", groupId)
                .bind("limit", limit)
                .map(ArchiveReader::mapPost)
                .list());
  }

  /** A topic's {@code limit} last posts, newest first: the entries of the topic's feed. */
  public List<Post> newestPosts(TopicId topic, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + POST_COLUMNS
                        + " FROM posts WHERE topic_id = :t AND "
                        + SHOWN
                        + " ORDER BY seq DESC LIMIT :limit")
                .bind("t", topic.value())
                .bind("limit", limit)
                .map(ArchiveReader::mapPost)
                .list());
  }

  /**
   * The first shown post of each of these topics that has one, by topic: what a feed of new topics
   * shows of each.
   */
  public Map<TopicId, Post> firstPosts(List<TopicId> topics) {
    if (topics.isEmpty()) {
      return Map.of();
    }
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + POST_COLUMNS
                        + " FROM posts p WHERE topic_id IN (<ids>) AND "
                        + SHOWN
                        + " AND seq = (SELECT MIN(seq) FROM posts q WHERE q.topic_id = p.topic_id"
                        + " AND q."
                        + SHOWN
                        + ")")
                .bindList("ids", topics.stream().map(TopicId::value).toList())
                .map(ArchiveReader::mapPost)
                .collectToMap(Post::topicId, post -> post));
  }

  public Optional<Topic> topic(TopicId id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + TOPIC_COLUMNS + " FROM topics WHERE id = :id AND " + LISTED)
                .bind("id", id.value())
                .map(ArchiveReader::mapTopic)
                .findOne());
  }

  /** A page of a group's topics, latest activity first. */
  public List<Topic> topics(long groupId, int offset, int limit) {
    return topics(groupId, TopicOrder.LATEST, offset, limit);
  }

  /** A page of a group's topics in {@code order}. */
  public List<Topic> topics(long groupId, TopicOrder order, int offset, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + TOPIC_COLUMNS
                        + " FROM topics WHERE group_id = :g AND "
                        + LISTED
                        + " ORDER BY "
                        + order.orderBy
                        + " LIMIT :limit OFFSET :offset")
                .bind("g", groupId)
                .bind("limit", limit)
                .bind("offset", offset)
                .map(ArchiveReader::mapTopic)
                .list());
  }

  public int topicCount(long groupId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COUNT(*) FROM topics WHERE group_id = :g AND " + LISTED)
                .bind("g", groupId)
                .mapTo(Integer.class)
                .one());
  }

  /**
   * What the site's spam filter in front said of a post when it came ({@code spam_score}, {@code
   * spam_summary}); empty when none looked at it. For the group's moderators, not its readers.
   */
  public Optional<SpamScore> spamScore(PostId post) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT spam_score, spam_summary FROM posts WHERE id = :p"
                        + " AND spam_score IS NOT NULL")
                .bind("p", post.value())
                .map((rs, ctx) -> new SpamScore(rs.getDouble(1), rs.getString(2)))
                .findOne());
  }

  public int postCount(long groupId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COUNT(*) FROM posts WHERE group_id = :g AND " + SHOWN)
                .bind("g", groupId)
                .mapTo(Integer.class)
                .one());
  }

  public List<StoredAttachment> attachments(PostId post) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT a.post_id, a.idx, a.filename, a.content_type, a.size, a.blob_sha256,"
                        + " a.content_id, a.inline_part FROM attachments a JOIN posts p ON p.id ="
                        + " a.post_id WHERE a.post_id = :p AND p."
                        + SHOWN
                        + " ORDER BY a.idx")
                .bind("p", post.value())
                .map(
                    (rs, ctx) ->
                        new StoredAttachment(
                            new PostId(rs.getLong("post_id")),
                            rs.getInt("idx"),
                            rs.getString("filename"),
                            rs.getString("content_type"),
                            rs.getLong("size"),
                            rs.getString("blob_sha256"),
                            rs.getString("content_id"),
                            rs.getBoolean("inline_part")))
                .list());
  }

  /**
   * What the door found out about who sent a post, as the site's own Authentication-Results field
   * value (RFC 8601) recorded it: SPF, DKIM and DMARC. Empty when nothing was checked (the post
   * came from the web or an import, or the site does not check).
   */
  public Optional<String> authenticationResults(PostId post) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT authentication_results FROM posts WHERE id = :p")
                .bind("p", post.value())
                .mapTo(String.class)
                .findOne()
                .filter(v -> v != null && !v.isEmpty()));
  }

  /** The msg-ids of a post's References field, in order (for the References of a reply). */
  public List<String> references(PostId post) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT ref FROM post_refs WHERE post_id = :p ORDER BY position")
                .bind("p", post.value())
                .mapTo(String.class)
                .list());
  }

  /**
   * When the group's latest activity was, as its topic list shows it: the {@link
   * TopicSummary#lastPostAt} of the topic that comes first in {@link TopicOrder#LATEST}. Empty for
   * a group without posts.
   */
  public Optional<Instant> lastActivity(long groupId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT MAX(COALESCE(sent_at, received_at)) FROM posts WHERE "
                        + SHOWN
                        + " AND topic_id = (SELECT id FROM topics WHERE group_id = :g AND "
                        + LISTED
                        + " ORDER BY "
                        + TopicOrder.LATEST.orderBy
                        + " LIMIT 1)")
                .bind("g", groupId)
                .mapTo(Long.class)
                .findOne()
                .map(Instant::ofEpochMilli));
  }

  /**
   * What a topic list shows of each of {@code topics} beyond its row, in three queries for the
   * whole page: at most {@code maxParticipants} participants of each, the date of its newest post,
   * and the snippet of its first post (made here, so a change to the rule shows on every post at
   * once; the raw message stays the record).
   */
  public Map<TopicId, TopicSummary> summaries(List<TopicId> topics, int maxParticipants) {
    if (topics.isEmpty()) {
      return Map.of();
    }
    List<Long> ids = topics.stream().map(TopicId::value).toList();
    return jdbi.withHandle(
        h -> {
          Map<Long, List<TopicSummary.Participant>> people = new HashMap<>();
          h.createQuery(
                  "SELECT p.topic_id, p.from_name, p.from_address FROM posts p JOIN (SELECT"
                      + " topic_id, MIN(seq) AS first FROM posts WHERE topic_id IN (<ids>) AND "
                      + SHOWN
                      + " GROUP BY topic_id, LOWER(from_address)) f ON p.topic_id = f.topic_id AND"
                      + " p.seq = f.first ORDER BY p.topic_id, p.seq")
              .bindList("ids", ids)
              .map(
                  (rs, ctx) ->
                      Map.entry(
                          rs.getLong("topic_id"),
                          new TopicSummary.Participant(
                              rs.getString("from_name"), rs.getString("from_address"))))
              .forEach(
                  e ->
                      people.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
          Map<Long, Instant> last = new HashMap<>();
          h.createQuery(
                  "SELECT topic_id, MAX(COALESCE(sent_at, received_at)) AS at FROM posts WHERE"
                      + " topic_id IN (<ids>) AND "
                      + SHOWN
                      + " GROUP BY topic_id")
              .bindList("ids", ids)
              .map(
                  (rs, ctx) ->
                      Map.entry(rs.getLong("topic_id"), Instant.ofEpochMilli(rs.getLong("at"))))
              .forEach(e -> last.put(e.getKey(), e.getValue()));
          Map<Long, String> snippets = new HashMap<>();
          h.createQuery(
                  "SELECT p.topic_id, SUBSTR(p.body_text, 1, "
                      + SNIPPET_SOURCE_CHARS
                      + ") AS body_text, SUBSTR(p.body_html, 1, "
                      + SNIPPET_SOURCE_CHARS * 4
                      + ") AS body_html, p.bodies FROM posts p JOIN (SELECT topic_id, MIN(seq) AS"
                      + " first FROM"
                      + " posts WHERE topic_id IN (<ids>) AND "
                      + SHOWN
                      + " GROUP BY topic_id) f ON p.topic_id ="
                      + " f.topic_id AND p.seq = f.first")
              .bindList("ids", ids)
              .map(
                  (rs, ctx) ->
                      Map.entry(
                          rs.getLong("topic_id"),
                          listing(
                              rs.getBytes("bodies"),
                              rs.getString("body_text"),
                              rs.getString("body_html"))))
              .forEach(e -> snippets.put(e.getKey(), e.getValue()));
          Map<TopicId, TopicSummary> out = new LinkedHashMap<>();
          for (TopicId t : topics) {
            List<TopicSummary.Participant> all = people.getOrDefault(t.value(), List.of());
            out.put(
                t,
                new TopicSummary(
                    t,
                    List.copyOf(all.subList(0, Math.min(maxParticipants, all.size()))),
                    all.size(),
                    last.get(t.value()),
                    snippets.getOrDefault(t.value(), "")));
          }
          return out;
        });
  }

  /** How many posts of a topic came after {@code seq}: the "N new messages" of a page. */
  public int countAfter(TopicId topic, int seq) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT COUNT(*) FROM posts WHERE topic_id = :t AND seq > :s AND " + SHOWN)
                .bind("t", topic.value())
                .bind("s", seq)
                .mapTo(Integer.class)
                .one());
  }

  /** The highest seq of a topic's posts; 0 for none. */
  public int lastSeq(TopicId topic) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT COALESCE(MAX(seq), 0) FROM posts WHERE topic_id = :t AND " + SHOWN)
                .bind("t", topic.value())
                .mapTo(Integer.class)
                .one());
  }

  /**
   * The places of a topic's removed posts, in order: what the conversation page shows as tombstones
   * among its {@link #posts(TopicId) posts}, so the thread stays readable.
   */
  public List<RemovedPost> removed(TopicId topic) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, topic_id, seq, sent_at, received_at, removed_at FROM posts WHERE"
                        + " topic_id = :t AND removed_at IS NOT NULL ORDER BY seq")
                .bind("t", topic.value())
                .map(
                    (rs, ctx) -> {
                      long sent = rs.getLong("sent_at");
                      Instant shownAt =
                          rs.wasNull()
                              ? Instant.ofEpochMilli(rs.getLong("received_at"))
                              : Instant.ofEpochMilli(sent);
                      return new RemovedPost(
                          new PostId(rs.getLong("id")),
                          new TopicId(rs.getLong("topic_id")),
                          rs.getInt("seq"),
                          shownAt,
                          Instant.ofEpochMilli(rs.getLong("removed_at")));
                    })
                .list());
  }

  /** Whether post {@code id} was removed (false for one that does not exist). */
  public boolean isRemoved(PostId id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COUNT(*) FROM posts WHERE id = :id AND removed_at IS NOT NULL")
                    .bind("id", id.value())
                    .mapTo(Integer.class)
                    .one()
                > 0);
  }

  /**
   * One page of the posts an mbox export holds ({@link MboxExport}): the shown posts of a group, or
   * of one of its topics, with ids above {@code afterId}, in the order they arrived (by id), at
   * most {@code limit} of them, with only what an mbox needs. Paging by id keeps an export of any
   * size to one page in memory and never skips or repeats a post that arrives meanwhile.
   *
   * @param topic the topic, or null for the whole group
   */
  List<MboxExport.Entry> exportPage(long groupId, TopicId topic, long afterId, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, raw_sha256, from_address, received_at FROM posts WHERE group_id ="
                        + " :g AND id > :after AND "
                        + SHOWN
                        + " AND (:t = 0 OR topic_id = :t) ORDER BY id LIMIT :limit")
                .bind("g", groupId)
                .bind("after", afterId)
                .bind("t", topic == null ? 0L : topic.value())
                .bind("limit", limit)
                .map(
                    (rs, ctx) ->
                        new MboxExport.Entry(
                            rs.getLong("id"),
                            rs.getString("raw_sha256"),
                            rs.getString("from_address"),
                            Instant.ofEpochMilli(rs.getLong("received_at"))))
                .list());
  }

  /** The bytes stored under a blob key (an export's raw messages). */
  byte[] blob(String key) throws IOException {
    return blobs.get(key);
  }

  /** The message exactly as it was received. */
  public byte[] raw(Post post) throws IOException {
    return blobs.get(post.rawSha256());
  }

  /**
   * The bytes of an attachment. The archive reads them from the post's raw message, the record,
   * rather than keep a decoded copy beside it (which took a third of the disk of an archive with
   * attachments); posts archived by earlier versions have that copy, and it is used. The part is
   * found by its place among the message's attachments and checked by its hash (or, should a later
   * parser number them otherwise, found by its hash).
   *
   * @throws IOException if the bytes cannot be read, or the message no longer yields them
   */
  public byte[] bytes(StoredAttachment attachment) throws IOException {
    Optional<byte[]> kept = blobs.find(attachment.blobSha256());
    if (kept.isPresent()) {
      return kept.get();
    }
    List<Attachment> parts = attachmentsOf(attachment.postId());
    if (attachment.idx() < parts.size()) {
      byte[] data = parts.get(attachment.idx()).data();
      if (BlobStore.sha256(data).equals(attachment.blobSha256())) {
        return data;
      }
    }
    for (Attachment a : parts) {
      if (BlobStore.sha256(a.data()).equals(attachment.blobSha256())) {
        return a.data();
      }
    }
    throw new IOException(
        "attachment "
            + attachment.idx()
            + " of post "
            + attachment.postId()
            + " is not in its"
            + " message");
  }

  /**
   * The attachments of a post's raw message, parsed again; kept for a minute (up to 64 MB), as a
   * page's inline images ask for one post's parts one after another.
   */
  private List<Attachment> attachmentsOf(PostId id) throws IOException {
    List<Attachment> parts = attachmentParts.getIfPresent(id);
    if (parts != null) {
      return parts;
    }
    Post post = post(id).orElseThrow(() -> new IOException("post " + id + " is not archived"));
    try {
      parts = List.copyOf(RAW_PARSER.parse(raw(post)).attachments());
    } catch (MalformedMessageException e) {
      throw new IOException("post " + id + "'s message cannot be read: " + e.getMessage(), e);
    }
    attachmentParts.put(id, parts);
    return parts;
  }

  static Post mapPost(ResultSet rs, StatementContext ctx) throws SQLException {
    return mapPost(rs, true);
  }

  /** A post from its row, with its HTML body if {@code withHtml} (else null). */
  private static Post mapPost(ResultSet rs, boolean withHtml) throws SQLException {
    PostBodies.Bodies bodies =
        PostBodies.ofRow(
            rs.getBytes("bodies"), rs.getString("body_text"), rs.getString("body_html"), withHtml);
    long parent = rs.getLong("parent_id");
    Long parentId = rs.wasNull() ? null : parent;
    long account = rs.getLong("account_id");
    AccountId accountId = rs.wasNull() ? null : new AccountId(account);
    long sent = rs.getLong("sent_at");
    Instant sentAt = rs.wasNull() ? null : Instant.ofEpochMilli(sent);
    return new Post(
        new PostId(rs.getLong("id")),
        rs.getLong("group_id"),
        new TopicId(rs.getLong("topic_id")),
        rs.getInt("seq"),
        new MessageId(rs.getString("message_id")),
        rs.getString("raw_sha256"),
        rs.getLong("raw_size"),
        parentId,
        rs.getString("in_reply_to"),
        rs.getString("from_address"),
        rs.getString("from_name"),
        accountId,
        rs.getString("subject"),
        sentAt,
        Instant.ofEpochMilli(rs.getLong("received_at")),
        rs.getString("to_line"),
        rs.getString("cc_line"),
        rs.getString("snippet"),
        bodies.text(),
        bodies.html(),
        rs.getString("defects"),
        rs.getString("source"));
  }

  /** A listing's snippet from a first post's text and HTML, kept packed or (older rows) not. */
  private static String listing(byte[] packed, String text, String html) {
    // an older row's columns come cut already (SUBSTR in the query); a packed row is cut here
    PostBodies.Bodies b = PostBodies.ofRow(packed, text, html, true);
    return Snippets.listing(
        cut(b.text(), SNIPPET_SOURCE_CHARS), cut(b.html(), SNIPPET_SOURCE_CHARS * 4));
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  static Topic mapTopic(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Topic(
        new TopicId(rs.getLong("id")),
        rs.getLong("group_id"),
        rs.getString("subject"),
        Instant.ofEpochMilli(rs.getLong("first_post_at")),
        Instant.ofEpochMilli(rs.getLong("last_post_at")),
        rs.getInt("post_count"),
        rs.getLong("view_count"));
  }
}
