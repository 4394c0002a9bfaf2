package org.parley.web.feed;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.parley.account.Account;
import org.parley.account.AccountStore;
import org.parley.archive.ArchiveReader;
import org.parley.archive.Post;
import org.parley.archive.Subjects;
import org.parley.archive.Topic;
import org.parley.archive.TopicId;
import org.parley.archive.TopicOrder;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.GroupStore;
import org.parley.group.Links;
import org.parley.member.FeedKeys;
import org.parley.member.Member;
import org.parley.web.Access;
import org.parley.web.AddressMask;
import org.parley.web.HttpError;
import org.parley.web.Sessions;
import org.parley.web.Urls;
import org.parley.web.Viewer;
import org.parley.web.topic.BodyRenderer;

/**
 * The Atom feeds (RFC 4287) of docs/urls.md: a group's new topics ({@code /g/<group>/feed.atom}),
 * all its posts ({@code /g/<group>/posts.atom}) and one conversation's posts ({@code
 * /g/<group>/t/<id>/feed.atom}), each with its {@value #ENTRIES} newest entries, newest first.
 *
 * <p>Who reads a feed is decided as for the pages, by {@link Access#canRead}: a group the viewer
 * may not read is the same 404 as a group that does not exist. A feed reader has no session, so a
 * member's personal feed addresses carry {@code ?key=} ({@link FeedKeys}): the feed is then read as
 * that member, for as long as the membership is active. A key that does not open the group is the
 * same 404, whatever the group.
 *
 * <p>An entry shows what the conversation page shows the same viewer: the author's name, with the
 * address only to those who see addresses ({@link Access#seesAddresses}) and masked as the page
 * masks them otherwise, the post's date, a link to its permalink by Message-ID, its snippet as the
 * summary, and its body as the page renders it (sanitised; remote images not loaded).
 */
public final class FeedPages {
  /** How many entries a feed carries. */
  public static final int ENTRIES = 50;

  static final String CONTENT_TYPE = "application/atom+xml; charset=utf-8";

  private final GroupStore groups;
  private final AccountStore accounts;
  private final ArchiveReader reader;
  private final FeedKeys keys;
  private final Access access;
  private final String domain;
  private final Supplier<String> baseUrl;
  private final Clock clock;
  private final BodyRenderer bodies = new BodyRenderer();
  private final AtomWriter atom = new AtomWriter();

  /**
   * @param domain the site's mail domain: the authority of the feeds' {@code tag:} ids (RFC 4151)
   * @param baseUrl the site's public URL, for the absolute links a feed reader needs
   */
  public FeedPages(
      GroupStore groups,
      AccountStore accounts,
      ArchiveReader reader,
      FeedKeys keys,
      Access access,
      String domain,
      Supplier<String> baseUrl,
      Clock clock) {
    this.groups = groups;
    this.accounts = accounts;
    this.reader = reader;
    this.keys = keys;
    this.access = access;
    this.domain = domain;
    this.baseUrl = baseUrl;
    this.clock = clock;
  }

  public void register(RoutesConfig r) {
    r.get(Urls.route("/feed.atom"), this::topics);
    r.get(Urls.route("/posts.atom"), this::posts);
    r.get(Urls.route("/t/{topic}/feed.atom"), this::topic);
  }

  /** Who reads a feed, and of which group. */
  private record Reading(Group group, Viewer viewer) {}

  /**
   * The group of the request and who reads it: the member its {@code key} names, or else the
   * session's viewer; a 404 when that reader may not read the group, or the key does not open it.
   */
  private Reading reading(Context ctx) {
    String name = ctx.pathParam("group");
    String key = ctx.queryParam("key");
    if (key == null || key.isEmpty()) {
      Viewer v = Sessions.viewer(ctx);
      return new Reading(access.readable(name, v), v);
    }
    Group g;
    try {
      g = groups.find(GroupName.of(name)).orElseThrow(HttpError::notFound);
    } catch (IllegalArgumentException e) {
      throw HttpError.notFound();
    }
    Optional<Member> member = keys.member(g.id(), key);
    Optional<Account> account = member.flatMap(m -> accounts.findById(m.accountId()));
    if (account.isEmpty()) {
      throw HttpError.notFound();
    }
    Viewer v = new Viewer(account, Optional.empty(), "a:" + account.get().id().value(), "");
    ctx.header("X-Robots-Tag", "noindex");
    return new Reading(access.readable(name, v), v);
  }

  private void topics(Context ctx) {
    Reading r = reading(ctx);
    Group g = r.group();
    List<Topic> topics = reader.topics(g.id(), TopicOrder.NEWEST, 0, ENTRIES);
    Map<TopicId, Post> first = reader.firstPosts(topics.stream().map(Topic::id).toList());
    List<Post> posts = new ArrayList<>();
    for (Topic t : topics) {
      Post p = first.get(t.id());
      if (p != null) {
        posts.add(p);
      }
    }
    String name = g.name().value();
    send(
        ctx,
        r,
        "group/" + g.id() + "/topics",
        g.title() + ": new topics",
        Links.topicsFeed(name),
        Urls.group(name),
        posts);
  }

  private void posts(Context ctx) {
    Reading r = reading(ctx);
    Group g = r.group();
    String name = g.name().value();
    send(
        ctx,
        r,
        "group/" + g.id() + "/posts",
        g.title() + ": all posts",
        Links.postsFeed(name),
        Urls.group(name),
        reader.newestPosts(g.id(), ENTRIES));
  }

  private void topic(Context ctx) {
    Reading r = reading(ctx);
    Group g = r.group();
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("topic"));
    } catch (NumberFormatException e) {
      throw HttpError.notFound();
    }
    Topic t =
        reader
            .topic(new TopicId(id))
            .filter(x -> x.groupId() == g.id())
            .orElseThrow(HttpError::notFound);
    String name = g.name().value();
    send(
        ctx,
        r,
        "topic/" + t.id().value(),
        shownSubject(t.subject()) + " (" + g.title() + ")",
        Links.topicFeed(name, id),
        Urls.topic(name, id),
        reader.newestPosts(t.id(), ENTRIES));
  }

  private void send(
      Context ctx,
      Reading r,
      String idPath,
      String title,
      String feedPath,
      String pagePath,
      List<Post> posts) {
    Group g = r.group();
    boolean seesAddresses = access.seesAddresses(g, r.viewer());
    String base = baseUrl.get();
    List<AtomWriter.Item> items = new ArrayList<>();
    Instant updated = null;
    for (Post p : posts) {
      items.add(item(g, p, seesAddresses, base));
      if (updated == null || p.shownAt().isAfter(updated)) {
        updated = p.shownAt();
      }
    }
    String key = ctx.queryParam("key");
    String self = base + feedPath + (key == null || key.isEmpty() ? "" : "?key=" + key);
    AtomWriter.Document d =
        new AtomWriter.Document(
            tag(idPath),
            title,
            g.description(),
            self,
            base + pagePath,
            updated == null ? clock.instant() : updated,
            items);
    ctx.contentType(CONTENT_TYPE);
    ctx.result(atom.write(d).getBytes(StandardCharsets.UTF_8));
  }

  private AtomWriter.Item item(Group g, Post p, boolean seesAddresses, String base) {
    String group = g.name().value();
    return new AtomWriter.Item(
        tag("post/" + p.id().value()),
        entryTitle(p.subject()),
        author(p, seesAddresses),
        seesAddresses ? p.fromAddress() : "",
        base + Urls.permalink(group, p.messageId()),
        p.shownAt(),
        p.shownAt(),
        p.snippet() == null ? "" : p.snippet(),
        bodies.render(p, reader.attachments(p.id()), group, false).html());
  }

  /**
   * The author as the page names them: their name, or their address when they gave none; to a
   * viewer who does not see addresses, any address in it masked ({@link AddressMask}).
   */
  private String author(Post p, boolean seesAddresses) {
    String name = p.authorName() == null || p.authorName().isBlank() ? "" : p.authorName().strip();
    if (name.isEmpty()) {
      return "(unknown)";
    }
    return seesAddresses ? name : AddressMask.mask(name, domain);
  }

  /** A post's subject as it was sent ("Re: " and all), on one line: an entry's title. */
  private static String entryTitle(String subject) {
    String s = subject == null ? "" : subject.replaceAll("\\s+", " ").strip();
    return s.isEmpty() ? "(no subject)" : s;
  }

  /** A topic's subject as its page shows it: the topic feed's title. */
  private static String shownSubject(String subject) {
    String s = Subjects.clean(subject == null ? "" : subject);
    return s.isEmpty() ? "(no subject)" : s;
  }

  /**
   * A {@code tag:} URI (RFC 4151) under the site's domain: an id that stays when the group is
   * renamed or the site moves to another base URL.
   */
  private String tag(String path) {
    return "tag:" + domain + ",2026:" + path;
  }
}
