package org.parley.web.topic;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.parley.account.Account;
import org.parley.archive.ArchiveReader;
import org.parley.archive.MessageId;
import org.parley.archive.Post;
import org.parley.archive.PostId;
import org.parley.archive.PostRemoval;
import org.parley.archive.ReadMarks;
import org.parley.archive.RemovedPost;
import org.parley.archive.StoredAttachment;
import org.parley.archive.Subjects;
import org.parley.archive.Topic;
import org.parley.archive.TopicId;
import org.parley.archive.TopicViews;
import org.parley.group.ChangedBy;
import org.parley.group.Group;
import org.parley.group.Links;
import org.parley.ingest.IngestResult;
import org.parley.member.DeliveryMode;
import org.parley.member.Member;
import org.parley.member.TopicChoice;
import org.parley.member.TopicChoices;
import org.parley.mime.PageHtml;
import org.parley.mime.Sizes;
import org.parley.search.SearchIndex;
import org.parley.spam.SpamScore;
import org.parley.web.Access;
import org.parley.web.AddressMask;
import org.parley.web.Avatar;
import org.parley.web.Chrome;
import org.parley.web.Dates;
import org.parley.web.Field;
import org.parley.web.HttpError;
import org.parley.web.SecurityHeaders;
import org.parley.web.Sessions;
import org.parley.web.Urls;
import org.parley.web.Viewer;
import org.parley.web.Views;
import org.parley.web.WebServer;
import org.parley.web.post.HeldPage;
import org.parley.web.post.Markdown;
import org.parley.web.post.Posting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conversation page ({@code /g/<group>/t/<id>/}) and what hangs off it: the live "N new
 * messages" fragment, Reply all, permalinks by Message-ID, the raw message and attachment
 * downloads. Every path asks {@link Access} first.
 *
 * <p>Opening the page counts a view (once per viewer per 30 minutes, see {@link TopicViews}) and
 * moves a signed-in viewer's read mark to the last post shown; posts after the mark as it was are
 * marked unread and the first of them gets a "skip to first unread" link.
 *
 * <p>A removed post ({@link PostRemoval}) shows as a tombstone in its place, with its date, so the
 * thread stays readable; its raw, attachment, permalink and form URLs answer 404 as for a post that
 * never was. Those who run the group ({@link Access#canManage}) see a Remove link on each post, to
 * a page ({@code /g/<group>/p/<id>/remove}) that shows what will be removed and asks for an
 * optional reason; its form removes the post and goes back to the topic, or to the group when
 * nothing of the topic is left.
 */
public final class TopicPages {
  private static final Logger log = LoggerFactory.getLogger(TopicPages.class);
  private static final Set<String> INLINE_IMAGES =
      Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

  /** An attachment of a post. */
  public record AttachmentView(String name, String size, String url, String contentType) {}

  /**
   * One post on the conversation page; {@code body} is trusted, rendered HTML. {@code avatar} gives
   * the initials, {@code avatarClass} the colour class ({@link Avatar#hueClass}, from the avatar's
   * hue: the site's Content-Security-Policy lets no inline style through).
   */
  public record PostView(
      long id,
      int seq,
      String authorName,
      String authorAddress,
      Avatar avatar,
      String avatarClass,
      boolean unread,
      boolean isNew,
      boolean firstNew,
      Dates.Shown date,
      String to,
      String cc,
      String body,
      boolean remoteImages,
      boolean imagesShown,
      String showImagesAction,
      List<AttachmentView> attachments,
      String permalink,
      String rawUrl,
      String replyAllUrl,
      String replyAuthorUrl,
      String forwardUrl,
      boolean removed,
      String removeUrl) {}

  /**
   * The page that asks before a post is removed; {@code excerpt} is the start of its text, {@code
   * spam} what the site's spam filter in front said of it when it came (empty when none looked at
   * it), and {@code reason} the reason as typed, with its error when it was refused.
   */
  public record RemoveModel(
      Chrome chrome,
      String groupTitle,
      String groupUrl,
      String topicUrl,
      String author,
      Dates.Shown date,
      String subject,
      String excerpt,
      String spam,
      String action,
      Field reason,
      boolean keepsRemoved) {}

  /**
   * The reply box at the foot of the page; {@code preview} is trusted HTML or ""; {@code formKey}
   * goes back with the form, so sending it twice posts once ({@link Posting#formKey()}).
   */
  public record ReplyBox(
      long parentId,
      String parentAuthor,
      Field body,
      String preview,
      String error,
      String formKey) {}

  /** The "N new messages" fragment. */
  public record NewCount(String pollUrl, int count, String showUrl) {
    public String label() {
      return count == 0
          ? "No new messages since you opened this page."
          : count == 1 ? "1 new message" : count + " new messages";
    }
  }

  /**
   * The conversation page.
   *
   * @param mboxUrl the conversation as an mbox download, for those who may see the original
   *     messages ({@code MboxPages}); "" for others
   */
  public record ConversationModel(
      Chrome chrome,
      String groupName,
      String groupTitle,
      String groupUrl,
      String subject,
      String imagesToken,
      String views,
      String skipUrl,
      String notice,
      List<PostView> posts,
      NewCount newMessages,
      boolean canReply,
      boolean signedIn,
      String replyAction,
      ReplyBox reply,
      String loginUrl,
      TopicMail mail,
      String mboxUrl) {}

  /**
   * A member's mail for this one topic, on its page: mute it, or follow it when their mode sends no
   * copies one by one, or undo either.
   *
   * @param action where the form posts ({@code /g/<group>/t/<id>/mute}); "" for a viewer who is not
   *     a member (then nothing is shown)
   * @param choice "mute", "follow", or "" for none
   * @param canFollow whether the member's mode sends no copies one by one
   */
  public record TopicMail(String action, String back, String choice, boolean canFollow) {
    static final TopicMail NONE = new TopicMail("", "", "", false);
  }

  private final ArchiveReader reader;
  private final ReadMarks readMarks;
  private final TopicViews topicViews;
  private final Access access;
  private final Views views;
  private final Dates dates;
  private final BodyRenderer bodies = new BodyRenderer();
  private final PageHtml pageHtml = new PageHtml();
  private final Posting posting;
  private final Markdown markdown;
  private final String domain;
  private final RemoteImageConsent consent;
  private final Sessions sessions;
  private final PostRemoval removals;
  private final SearchIndex search;
  private final TopicChoices choices;

  public TopicPages(
      ArchiveReader reader,
      ReadMarks readMarks,
      TopicViews topicViews,
      Access access,
      Views views,
      Dates dates,
      Posting posting,
      Markdown markdown,
      String domain,
      Clock clock,
      Sessions sessions,
      PostRemoval removals,
      SearchIndex search,
      TopicChoices choices) {
    this.reader = reader;
    this.readMarks = readMarks;
    this.topicViews = topicViews;
    this.access = access;
    this.views = views;
    this.dates = dates;
    this.posting = posting;
    this.markdown = markdown;
    this.domain = domain;
    this.consent = new RemoteImageConsent(clock);
    this.sessions = sessions;
    this.removals = removals;
    this.search = search;
    this.choices = choices;
  }

  public void register(RoutesConfig r) {
    r.get(Urls.route("/t/{topic}"), this::conversation);
    r.get(Urls.route("/t/{topic}/new-count"), this::newCount);
    r.post(Urls.route("/t/{topic}/reply"), this::reply);
    r.get(Urls.route("/m/<rest>"), this::byMessageId);
    r.get(Urls.route("/p/{post}/a/{idx}/{filename}"), this::attachment);
    r.get(Urls.route("/p/{post}/raw"), this::rawPost);
    r.post(Urls.route("/p/{post}/show-images"), this::showImages);
    r.get(Urls.route("/p/{post}/remove"), this::removePage);
    r.post(Urls.route("/p/{post}/remove"), this::remove);
  }

  private record Found(Group group, Topic topic) {}

  private Found find(Context ctx, Viewer v) {
    Group g = access.readable(ctx.pathParam("group"), v);
    long id = number(ctx.pathParam("topic"));
    Topic t =
        reader
            .topic(new TopicId(id))
            .filter(x -> x.groupId() == g.id())
            .orElseThrow(HttpError::notFound);
    return new Found(g, t);
  }

  /** The member's mail for the topic; nothing for a viewer who is not an active member. */
  private TopicMail mail(Group g, Topic topic, Viewer v, String topicUrl) {
    Optional<Member> m = access.membership(g, v).filter(Member::active);
    if (m.isEmpty()) {
      return TopicMail.NONE;
    }
    String choice =
        choices
            .of(g.id(), m.get().accountId(), topic.id().value())
            .map(TopicChoice::word)
            .orElse("");
    return new TopicMail(
        Links.mute(g.name().value(), topic.id().value()),
        topicUrl,
        choice,
        m.get().delivery() != DeliveryMode.EACH);
  }

  private void conversation(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Found f = find(ctx, v);
    topicViews.view(f.topic().id(), v.visitorKey());
    Long reply = ctx.queryParam("reply") == null ? null : number(ctx.queryParam("reply"));
    render(ctx, v, f, reply, Field.EMPTY, "", "", true);
  }

  private void render(
      Context ctx,
      Viewer v,
      Found f,
      Long replyTo,
      Field body,
      String preview,
      String error,
      boolean markRead) {
    Group g = f.group();
    Topic topic = reader.topic(f.topic().id()).orElseThrow(HttpError::notFound);
    String group = g.name().value();
    String topicUrl = Urls.topic(group, topic.id().value());
    List<Post> posts = reader.posts(topic.id());
    Optional<Account> account = v.account();
    int mark = account.map(a -> readMarks.get(a.id(), topic.id())).orElse(Integer.MAX_VALUE);
    int after = -1;
    if (ctx.queryParam("after") != null) {
      after = (int) number(ctx.queryParam("after"));
    }
    // ?images=N shows post N's remote images only with this viewer's fresh consent (key), which
    // only the "Show images" button gives: a link alone never loads a sender's trackers (G2).
    Long images = ctx.queryParam("images") == null ? null : number(ctx.queryParam("images"));
    if (images != null && !consent.granted(v, images, ctx.queryParam("key"))) {
      images = null;
    }
    boolean seesAddresses = access.seesAddresses(g, v);
    boolean seesOriginal = access.seesOriginal(g, v);
    boolean manages = access.canManage(g, v);
    List<RemovedPost> tombstones = new ArrayList<>(reader.removed(topic.id()));
    List<PostView> shown = new ArrayList<>();
    String skip = "";
    boolean remoteShown = false;
    boolean firstNewSeen = false;
    int lastSeq = 0;
    for (Post p : posts) {
      while (!tombstones.isEmpty() && tombstones.get(0).seq() < p.seq()) {
        shown.add(tombstone(tombstones.remove(0), v));
      }
      List<StoredAttachment> atts = reader.attachments(p.id());
      boolean showImages = images != null && images == p.id().value();
      BodyRenderer.Rendered body2 = bodies.render(p, atts, group, showImages);
      remoteShown |= showImages && body2.remoteImages();
      List<AttachmentView> files = new ArrayList<>();
      for (StoredAttachment a : atts) {
        if (body2.inlined().contains(a.idx())) {
          continue; // shown in the body already
        }
        files.add(
            new AttachmentView(
                a.filename(), Sizes.of(a.size()),
                Urls.attachment(group, p.id().value(), a.idx(), a.filename()), a.contentType()));
      }
      boolean unread = ReadMarks.isUnread(p, account.map(Account::id).orElse(null), mark);
      if (unread && skip.isEmpty()) {
        skip = Links.anchor(p.id().value());
      }
      boolean isNew = after >= 0 && p.seq() > after;
      boolean firstNew = isNew && !firstNewSeen;
      firstNewSeen |= isNew;
      lastSeq = Math.max(lastSeq, p.seq());
      Avatar avatar = Avatar.of(p.authorName(), p.fromAddress());
      shown.add(
          new PostView(
              p.id().value(),
              p.seq(),
              AddressMask.author(p.authorName(), seesAddresses, domain),
              seesAddresses ? p.fromAddress() : "",
              avatar,
              avatar.hueClass(),
              unread,
              isNew,
              firstNew,
              dates.show(p.shownAt(), v.zone()),
              seesAddresses ? p.toLine() : mask(p.toLine()),
              seesAddresses ? p.ccLine() : mask(p.ccLine()),
              body2.html(),
              body2.remoteImages(),
              showImages,
              Links.postAction(group, p.id().value(), "show-images"),
              files,
              Urls.permalink(group, p.messageId()),
              seesOriginal ? Urls.rawPost(group, p.id().value()) : "",
              topicUrl + "?reply=" + p.id().value() + "#reply",
              Links.postAction(group, p.id().value(), "reply-author"),
              Links.postAction(group, p.id().value(), "forward"),
              false,
              manages ? Links.postAction(group, p.id().value(), "remove") : ""));
    }
    tombstones.forEach(t -> shown.add(tombstone(t, v)));
    if (remoteShown) {
      SecurityHeaders.allowRemoteImages(ctx);
    }
    Post parent = null;
    if (replyTo != null) {
      for (Post p : posts) {
        if (p.id().value() == replyTo) {
          parent = p;
        }
      }
    }
    if (parent == null && !posts.isEmpty()) {
      parent = posts.get(posts.size() - 1);
    }
    String subject = Subjects.clean(topic.subject());
    NewCount newCount = newCount(group, topic, lastSeq);
    long viewCount = topic.viewCount();
    ConversationModel model =
        new ConversationModel(
            Chrome.of(subject.isEmpty() ? "(no subject)" : subject, v, "topic")
                .withFeeds(
                    Chrome.Feed.ofTopic(
                        g, topic.id().value(), subject.isEmpty() ? "(no subject)" : subject)),
            group,
            g.title(),
            Urls.group(group),
            subject.isEmpty() ? "(no subject)" : subject,
            imagesToken(ctx, v, shown),
            viewCount == 1 ? "1 view" : viewCount + " views",
            skip,
            notice(ctx.queryParam("sent")),
            shown,
            newCount,
            access.canPost(g, v),
            v.signedIn(),
            topicUrl + "reply",
            new ReplyBox(
                parent == null ? 0 : parent.id().value(),
                parent == null
                    ? ""
                    : AddressMask.author(parent.authorName(), access.seesAddresses(g, v), domain),
                body,
                preview,
                error,
                replyKey(ctx)),
            "/login?next=" + Urls.encode(topicUrl, true),
            mail(g, topic, v, topicUrl),
            access.seesOriginal(g, v) ? topicUrl + "mbox.gz" : "");
    views.render(ctx, "topic/conversation.jte", model);
    if (markRead && account.isPresent() && lastSeq > 0) {
      readMarks.advance(account.get().id(), topic.id(), lastSeq);
    }
  }

  /** What the page shows in the place of a removed post: its date, and nothing of it else. */
  private PostView tombstone(RemovedPost t, Viewer v) {
    Avatar none = Avatar.of("", "");
    return new PostView(
        t.id().value(),
        t.seq(),
        "",
        "",
        none,
        none.hueClass(),
        false,
        false,
        false,
        dates.show(t.shownAt(), v.zone()),
        "",
        "",
        "",
        false,
        false,
        "",
        List.of(),
        "",
        "",
        "",
        "",
        "",
        true,
        "");
  }

  /** The reply form's key: the one it was sent with when it is shown again, else a new one. */
  private String replyKey(Context ctx) {
    String sent = ctx.method() == HandlerType.POST ? ctx.formParam("key") : null;
    return sent != null && sent.matches("[0-9a-f]{32}") ? sent : posting.formKey();
  }

  private static String notice(String sent) {
    if ("reply-author".equals(sent)) {
      return "Your reply is on its way privately to the author: it goes out in a moment. It is not"
          + " in the group's archive.";
    }
    if ("forward".equals(sent)) {
      return "The message is being forwarded: it goes out in a moment.";
    }
    if ("removed".equals(sent)) {
      return "The message was removed. Its place in the conversation shows that the moderators"
          + " removed it.";
    }
    return "";
  }

  private NewCount newCount(String group, Topic topic, int after) {
    String topicUrl = Urls.topic(group, topic.id().value());
    int count = reader.countAfter(topic.id(), after);
    return new NewCount(
        topicUrl + "new-count?after=" + after, count, topicUrl + "?after=" + after + "#new");
  }

  private void newCount(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Found f = find(ctx, v);
    int after = (int) number(ctx.queryParam("after") == null ? "0" : ctx.queryParam("after"));
    ctx.header("Cache-Control", "no-store");
    views.render(ctx, "topic/newcount.jte", newCount(f.group().name().value(), f.topic(), after));
  }

  private void reply(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Found f = find(ctx, v);
    Account me = v.require();
    if (!access.canPost(f.group(), v)) {
      throw HttpError.forbidden("Only members of this group can post to it. Join it first.");
    }
    long parentId = number(ctx.formParam("parent") == null ? "0" : ctx.formParam("parent"));
    Post parent =
        reader
            .post(new PostId(parentId))
            .filter(p -> p.topicId().equals(f.topic().id()))
            .orElseThrow(HttpError::notFound);
    Field body = Field.of(ctx.formParam("body"));
    if ("preview".equals(ctx.formParam("action"))) {
      render(ctx, v, f, parentId, body, pageHtml.of(markdown.html(body.value())), "", false);
      return;
    }
    if (body.value().isBlank()) {
      ctx.status(422);
      render(ctx, v, f, parentId, body.withError("Write something to post."), "", "", false);
      return;
    }
    IngestResult result =
        posting.reply(
            f.group(),
            me,
            parent,
            reader.references(parent.id()),
            body.value(),
            ctx.ip(),
            ctx.formParam("key"));
    switch (result) {
      case IngestResult.Accepted a ->
          ctx.redirect(
              Urls.post(f.group().name().value(), a.topic().value(), a.post().value()),
              HttpStatus.SEE_OTHER);
      case IngestResult.Refused r -> {
        // too large for the site or the group (552 by mail): 413, Content Too Large (RFC 9110)
        ctx.status(r.code() == 552 ? 413 : 422);
        ctx.attribute(WebServer.PAGE_ANSWERED, true);
        render(ctx, v, f, parentId, body, "", r.reason(), false);
      }
      case IngestResult.Discarded d -> {
        ctx.status(422);
        render(ctx, v, f, parentId, body, "", d.reason(), false);
      }
      case IngestResult.Failed x -> {
        ctx.status(503);
        render(ctx, v, f, parentId, body, "", x.reason(), false);
      }
      case IngestResult.NoRoom x -> {
        ctx.status(503);
        render(ctx, v, f, parentId, body, "", x.reason(), false);
      }
      case IngestResult.Held h -> HeldPage.render(views, ctx, v, f.group());
      case IngestResult.Quarantined q -> // mail only: a web post that fails is answered Failed
          throw new IllegalStateException("a web post was quarantined");
    }
  }

  private void byMessageId(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.readable(ctx.pathParam("group"), v);
    String rest = ctx.pathParam("rest");
    boolean raw = false;
    if (rest.endsWith("/raw")) {
      raw = true;
      rest = rest.substring(0, rest.length() - "/raw".length());
    }
    while (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    MessageId id;
    try {
      id = MessageId.of(rest);
    } catch (IllegalArgumentException e) {
      throw HttpError.notFound();
    }
    List<Post> found = reader.postsByMessageId(g.id(), id);
    if (found.isEmpty()) {
      throw HttpError.notFound();
    }
    Post p = found.get(0);
    if (!raw) {
      ctx.redirect(
          Urls.post(g.name().value(), p.topicId().value(), p.id().value()), HttpStatus.FOUND);
      return;
    }
    sendRaw(ctx, v, g, p);
  }

  /** One post's bytes as received, by its id: the page's "Show original". */
  private void rawPost(Context ctx) {
    GroupPost found = readablePost(ctx);
    sendRaw(ctx, Sessions.viewer(ctx), found.group(), found.post());
  }

  /**
   * "Show images": the reader's own click (a form with its token, never a link) lets this one
   * post's remote images load for this reader, for {@link RemoteImageConsent#LIFETIME}; the answer
   * goes back to the post with the consent in the URL (POST, redirect, GET).
   */
  private void showImages(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    GroupPost found = readablePost(ctx);
    Post p = found.post();
    long id = p.id().value();
    ctx.redirect(
        Urls.topic(found.group().name().value(), p.topicId().value())
            + "?images="
            + id
            + "&key="
            + consent.grant(v, id)
            + Links.anchor(id),
        HttpStatus.SEE_OTHER);
  }

  /**
   * The form token of the page's "Show images" buttons: the viewer's own, which a signed-out
   * visitor gets (as a form cookie, nothing stored) only when a post on the page has images to
   * show. The button's POST is checked like every other form's.
   */
  private String imagesToken(Context ctx, Viewer v, List<PostView> shown) {
    boolean button = shown.stream().anyMatch(p -> p.remoteImages() && !p.imagesShown());
    return button && v.csrf().isEmpty() ? sessions.withFormToken(ctx).csrf() : v.csrf();
  }

  private record GroupPost(Group group, Post post) {}

  /** The post of the path's {@code {post}}, in the path's group, if the viewer may read it. */
  private GroupPost readablePost(Context ctx) {
    Group g = access.readable(ctx.pathParam("group"), Sessions.viewer(ctx));
    Post p =
        reader
            .post(new PostId(number(ctx.pathParam("post"))))
            .filter(x -> x.groupId() == g.id())
            .orElseThrow(HttpError::notFound);
    return new GroupPost(g, p);
  }

  /**
   * The post a remove page or its form names, for those who run its group ({@link Access#managed}:
   * a signed-out visitor is asked to sign in, anyone else gets 404 as for a group they may not
   * see). A post that is not shown (removed already, or never there) is a 404 that says so.
   */
  private GroupPost removable(Context ctx, Viewer v) {
    Group g = access.managed(ctx.pathParam("group"), v);
    Post p =
        reader
            .post(new PostId(number(ctx.pathParam("post"))))
            .filter(x -> x.groupId() == g.id())
            .orElseThrow(
                () ->
                    new HttpError(
                        404,
                        "Not found",
                        "That message is not in this group: it has been removed already, or"
                            + " there never was one."));
    return new GroupPost(g, p);
  }

  /** How much of a post's text the remove page shows, so its moderator knows which it is. */
  private static final int EXCERPT_CHARS = 300;

  /** The page that asks before removing a post (GET: works without JavaScript). */
  private void removePage(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    GroupPost found = removable(ctx, v);
    renderRemove(ctx, v, found, Field.EMPTY);
  }

  private void renderRemove(Context ctx, Viewer v, GroupPost found, Field reason) {
    Group g = found.group();
    Post p = found.post();
    String group = g.name().value();
    String text = p.bodyText() == null ? "" : p.bodyText().strip().replaceAll("\\s+", " ");
    String excerpt =
        text.length() <= EXCERPT_CHARS ? text : text.substring(0, EXCERPT_CHARS).strip() + "…";
    String subject = p.subject() == null || p.subject().isBlank() ? "(no subject)" : p.subject();
    views.render(
        ctx,
        "topic/remove.jte",
        new RemoveModel(
            Chrome.of("Remove a message", v, "remove"),
            g.title(),
            Urls.group(group),
            Urls.post(group, p.topicId().value(), p.id().value()),
            access.seesAddresses(g, v) && !p.fromName().isBlank()
                ? p.fromName() + " <" + p.fromAddress() + ">"
                : AddressMask.author(p.authorName(), access.seesAddresses(g, v), domain),
            dates.show(p.shownAt(), v.zone()),
            subject,
            excerpt,
            reader.spamScore(p.id()).map(SpamScore::summary).orElse(""),
            Links.postAction(group, p.id().value(), "remove"),
            reason,
            removals.keepsRemoved()));
  }

  /**
   * Removes the post (POST, with the form's CSRF token): 303 to its topic with a notice, or to the
   * group's page when no post of the topic is left. A reason longer than {@link
   * PostRemoval#MAX_REASON} characters is sent back with the form (422).
   */
  private void remove(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    GroupPost found = removable(ctx, v);
    Field reason = Field.of(ctx.formParam("reason"));
    if (reason.value().strip().length() > PostRemoval.MAX_REASON) {
      ctx.status(422);
      renderRemove(
          ctx,
          v,
          found,
          reason.withError(
              "Write the reason in at most " + PostRemoval.MAX_REASON + " characters."));
      return;
    }
    Group g = found.group();
    Optional<PostRemoval.Removed> removed =
        removals.remove(
            g.id(), found.post().id(), new ChangedBy.SignedIn(v.require().id()), reason.value());
    if (removed.isEmpty()) {
      // another moderator removed it between the look and the removal
      throw HttpError.notFound();
    }
    log.info(
        "post {} {} removed from {} by {}",
        found.post().id(),
        found.post().messageId().bracketed(),
        g.name(),
        v.require().email());
    unindex(found.post().id());
    String group = g.name().value();
    ctx.redirect(
        removed.get().topicListed()
            ? Urls.topic(group, removed.get().topic().value()) + "?sent=removed"
            : Urls.group(group),
        HttpStatus.SEE_OTHER);
  }

  /**
   * Takes a removed post out of the search index in the request that removed it, so no search finds
   * it from the moment the page answers. The removal's own {@code index} job does the same after
   * the commit, and does it alone if this fails (an index that is not open yet).
   */
  private void unindex(PostId post) {
    try {
      search.delete(post);
    } catch (IOException | RuntimeException e) {
      log.warn(
          "post {} stays in the search index until its index job runs: {}", post, e.toString());
    }
  }

  private static final String ORIGINAL_FOR_MEMBERS =
      "The original message, with the addresses of its sender and recipients, is shown only to"
          + " the group's members. Its text is on the conversation page.";

  /**
   * The raw message as plain text in a sandbox: shown, never run or rendered; only to those who see
   * the original ({@link Access#seesOriginal}), as it holds every address the page masks
   * (RELIABILITY G3, G5). Anyone else gets 403 with a sentence, whatever the post id.
   */
  private void sendRaw(Context ctx, Viewer v, Group g, Post p) {
    if (!access.seesOriginal(g, v)) {
      throw HttpError.forbidden(ORIGINAL_FOR_MEMBERS);
    }
    try {
      ctx.header("Cache-Control", "private, no-store");
      ctx.contentType("text/plain; charset=utf-8");
      ctx.header("Content-Disposition", "inline");
      ctx.header("Content-Security-Policy", "sandbox; default-src 'none'");
      ctx.result(reader.raw(p));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void attachment(Context ctx) {
    GroupPost found = readablePost(ctx);
    Group g = found.group();
    Post p = found.post();
    int idx = (int) number(ctx.pathParam("idx"));
    StoredAttachment a =
        reader.attachments(p.id()).stream()
            .filter(x -> x.idx() == idx)
            .findFirst()
            .orElseThrow(HttpError::notFound);
    String type = a.contentType().toLowerCase(Locale.ROOT);
    if (type.startsWith("message/") && !access.seesOriginal(g, Sessions.viewer(ctx))) {
      // An attached message is a raw message too, with its own addresses.
      throw HttpError.forbidden(ORIGINAL_FOR_MEMBERS);
    }
    boolean inline = INLINE_IMAGES.contains(type);
    try {
      byte[] bytes = reader.bytes(a);
      ctx.contentType(inline ? type : "application/octet-stream");
      ctx.header(
          "Content-Disposition",
          (inline ? "inline" : "attachment") + "; " + dispositionFilename(a.filename()));
      ctx.header("X-Content-Type-Options", "nosniff");
      ctx.header("Content-Security-Policy", "sandbox; default-src 'none'");
      // A public group's file may sit in shared caches, but for minutes only: once its group
      // turns private, no cache serves it for longer than that (F5). A private group's never.
      ctx.header("Cache-Control", g.isPublic() ? "public, max-age=300" : "private, no-store");
      ctx.result(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** RFC 6266 §4.3: an ASCII fallback and the UTF-8 name per RFC 8187. */
  static String dispositionFilename(String name) {
    String ascii = name.replaceAll("[^\\x20-\\x7e]", "_").replace("\\", "_").replace("\"", "_");
    return "filename=\"" + ascii + "\"; filename*=UTF-8''" + Urls.encode(name, false);
  }

  /** Hides other people's addresses in a To or Cc line: {@link AddressMask}. */
  String mask(String line) {
    return AddressMask.mask(line, domain);
  }

  static long number(String s) {
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException | NullPointerException e) {
      throw HttpError.notFound();
    }
  }
}
