package org.parley.web.group;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.parley.archive.ArchiveReader;
import org.parley.archive.ReadMarks;
import org.parley.archive.Subjects;
import org.parley.archive.Topic;
import org.parley.archive.TopicId;
import org.parley.archive.TopicOrder;
import org.parley.archive.TopicSummary;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.GroupStore;
import org.parley.group.Joining;
import org.parley.group.Links;
import org.parley.group.ListAddresses;
import org.parley.group.Visibility;
import org.parley.member.Banned;
import org.parley.member.DeliveryMode;
import org.parley.member.MemberStore;
import org.parley.member.Role;
import org.parley.moderation.HeldMessages;
import org.parley.web.Access;
import org.parley.web.Avatar;
import org.parley.web.Chrome;
import org.parley.web.Dates;
import org.parley.web.Field;
import org.parley.web.HttpError;
import org.parley.web.Sessions;
import org.parley.web.Urls;
import org.parley.web.Viewer;
import org.parley.web.Views;

/**
 * The group list ({@code /}), a group's topics ({@code /g/<group>/}), joining and leaving an open
 * group, and a site admin creating a group.
 */
public final class GroupPages {
  static final int PAGE_SIZE = 25;

  /** How many participants a topic's row shows as avatars; the rest are counted. */
  static final int SHOWN_PARTICIPANTS = 5;

  /**
   * A group in the list.
   *
   * @param lastActivity the date of the group's newest post; null when it has none
   * @param unread how many topics have posts the viewer has not read; -1 when the viewer is not a
   *     member (the count is only kept for members)
   * @param asksOnly whether the viewer may not read the group but may ask to join it: the row shows
   *     its title and description, and nothing of its topics ({@code topics} 0, no activity)
   */
  public record GroupRow(
      String name,
      String title,
      String description,
      String url,
      int topics,
      Dates.Shown lastActivity,
      int unread,
      boolean isPrivate,
      boolean member,
      boolean asksOnly) {}

  /** The group list page; {@code signedIn}: whether the unread column is shown. */
  public record ListModel(
      Chrome chrome,
      List<GroupRow> groups,
      boolean signedIn,
      boolean canCreate,
      Field name,
      Field title,
      Field description,
      Visibility visibility) {}

  /**
   * A participant's avatar in a topic's row.
   *
   * @param hueClass the CSS class that colours it ({@code hue-0} … {@code hue-345}, by 15°): the
   *     site's Content-Security-Policy lets no {@code style} attribute through
   */
  public record Face(String name, String initials, String hueClass) {}

  /**
   * A topic in a group's list.
   *
   * @param participantNames every shown participant's name, for the accessible text
   * @param moreParticipants how many participants there are beyond those shown
   * @param unreadPosts how many posts the viewer has not read; 0 for a viewer who is not a member
   */
  public record TopicRow(
      String subject,
      String url,
      List<Face> participants,
      String participantNames,
      int moreParticipants,
      String snippet,
      int replies,
      long views,
      Dates.Shown lastActivity,
      int unreadPosts) {
    public boolean unread() {
      return unreadPosts > 0;
    }
  }

  /** A way to sort the list, as the sort control offers it. */
  public record SortLink(String label, String url, boolean current) {}

  /**
   * A group's page.
   *
   * @param pendingUrl the group's moderation queue, for those who moderate it; "" for others
   * @param pending how many messages wait in the queue (0 for those who do not moderate)
   * @param asking asking to join, and the requests that wait ({@link JoinRequestPages})
   * @param membersUrl the group's member list, for those who may see it; "" for others
   * @param mboxUrl the group's archive as an mbox download, for those who may see the original
   *     messages ({@link MboxPages}); "" for others
   */
  public record GroupModel(
      Chrome chrome,
      String name,
      String title,
      String description,
      String address,
      boolean isPrivate,
      List<TopicRow> topics,
      List<SortLink> sorts,
      int page,
      int pages,
      String previousUrl,
      String nextUrl,
      boolean canPost,
      boolean canJoin,
      boolean canLeave,
      boolean canManage,
      boolean signedIn,
      String pendingUrl,
      int pending,
      JoinRequestPages.Asking asking,
      String membersUrl,
      String mboxUrl) {}

  /** A way to sort the topic list: its {@code sort} parameter, label and order. */
  enum Sort {
    LATEST("latest", "Latest activity", TopicOrder.LATEST),
    NEWEST("newest", "Newest topics", TopicOrder.NEWEST),
    REPLIES("replies", "Most replies", TopicOrder.REPLIES);

    final String id;
    final String label;
    final TopicOrder order;

    Sort(String id, String label, TopicOrder order) {
      this.id = id;
      this.label = label;
      this.order = order;
    }

    /** The sort a {@code sort} parameter asks for; latest activity when it is absent or empty. */
    static Sort of(String param) {
      if (param == null || param.isEmpty()) {
        return LATEST;
      }
      for (Sort s : values()) {
        if (s.id.equals(param)) {
          return s;
        }
      }
      throw new HttpError(
          400,
          "Unknown order",
          "The topic list cannot be sorted by \""
              + (param.length() > 40 ? param.substring(0, 40) + "…" : param)
              + "\". Sort it by latest, newest or replies.");
    }

    /** The list's address in this order at {@code page}: no parameter for the defaults. */
    String url(String base, int page) {
      List<String> params = new ArrayList<>(2);
      if (this != LATEST) {
        params.add("sort=" + id);
      }
      if (page > 1) {
        params.add("page=" + page);
      }
      return params.isEmpty() ? base : base + "?" + String.join("&", params);
    }
  }

  private final GroupStore groups;
  private final MemberStore members;
  private final ArchiveReader reader;
  private final ReadMarks readMarks;
  private final HeldMessages held;
  private final Access access;
  private final Views views;
  private final Dates dates;
  private final ListAddresses addresses;
  private final JoinRequestPages asking;

  public GroupPages(
      GroupStore groups,
      MemberStore members,
      ArchiveReader reader,
      ReadMarks readMarks,
      HeldMessages held,
      Access access,
      Views views,
      Dates dates,
      String domain,
      JoinRequestPages asking) {
    this.groups = groups;
    this.members = members;
    this.reader = reader;
    this.readMarks = readMarks;
    this.held = held;
    this.access = access;
    this.views = views;
    this.dates = dates;
    this.addresses = new ListAddresses(domain);
    this.asking = asking;
  }

  public void register(RoutesConfig r) {
    r.get("/", this::list);
    r.post("/admin/groups", this::create);
    r.get(Urls.route(""), this::group);
    r.post(Urls.route("/join"), this::join);
    r.post(Urls.route("/leave"), this::leave);
  }

  private void list(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    renderList(ctx, v, Field.EMPTY, Field.EMPTY, Field.EMPTY, Visibility.PRIVATE);
  }

  private void renderList(
      Context ctx, Viewer v, Field name, Field title, Field description, Visibility visibility) {
    List<GroupRow> rows = new ArrayList<>();
    ZoneId zone = v.zone();
    for (Group g : groups.list()) {
      if (!access.canRead(g, v)) {
        if (g.joining() == Joining.ASK) {
          // a group that asks is found by those who may ask: its title, never its topics
          rows.add(
              new GroupRow(
                  g.name().value(),
                  g.title(),
                  g.description(),
                  Urls.group(g.name().value()),
                  0,
                  null,
                  -1,
                  !g.isPublic(),
                  false,
                  true));
        }
        continue;
      }
      boolean member = access.membership(g, v).isPresent();
      rows.add(
          new GroupRow(
              g.name().value(),
              g.title(),
              g.description(),
              Urls.group(g.name().value()),
              reader.topicCount(g.id()),
              reader.lastActivity(g.id()).map(at -> dates.show(at, zone)).orElse(null),
              member ? readMarks.unreadTopicCount(v.require().id(), g.id()) : -1,
              !g.isPublic(),
              member,
              false));
    }
    views.render(
        ctx,
        "group/list.jte",
        new ListModel(
            Chrome.of("Groups", v, "groups"),
            rows,
            v.signedIn(),
            v.siteAdmin(),
            name,
            title,
            description,
            visibility));
  }

  private void create(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    if (!v.siteAdmin()) {
      throw HttpError.forbidden("Only a site admin can create groups.");
    }
    Field name = Field.of(ctx.formParam("name"));
    Field title = Field.of(ctx.formParam("title"));
    Field description = Field.of(ctx.formParam("description"));
    // Public only when the form says so (RELIABILITY D10): a form without the field makes a
    // private group.
    Visibility visibility =
        Visibility.PUBLIC.word().equals(ctx.formParam("visibility"))
            ? Visibility.PUBLIC
            : Visibility.PRIVATE;
    GroupName groupName = null;
    try {
      groupName = GroupName.of(name.value());
    } catch (IllegalArgumentException e) {
      name = name.withError(e.getMessage().replaceFirst(": .*$", "."));
    }
    if (groupName != null && groups.find(groupName).isPresent()) {
      name = name.withError("A group named " + groupName + " already exists.");
    }
    if (name.hasError()) {
      ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
      renderList(ctx, v, name, title, description, visibility);
      return;
    }
    Group g = groups.create(groupName, title.value(), description.value(), visibility);
    members.add(g.id(), v.require().id(), Role.OWNER, DeliveryMode.EACH);
    ctx.redirect(Urls.group(g.name().value()), HttpStatus.SEE_OTHER);
  }

  private void group(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.findable(ctx.pathParam("group"), v);
    if (!access.canRead(g, v)) {
      asking.landing(ctx, v, g); // a group that asks: its title and the form, none of its topics
      return;
    }
    Sort sort = Sort.of(ctx.queryParam("sort"));
    int total = reader.topicCount(g.id());
    int pages = Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
    int page = 1;
    try {
      page = Integer.parseInt(ctx.queryParam("page") == null ? "1" : ctx.queryParam("page"));
    } catch (NumberFormatException e) {
      throw HttpError.notFound();
    }
    if (page < 1 || page > pages) {
      throw HttpError.notFound();
    }
    List<Topic> topics = reader.topics(g.id(), sort.order, (page - 1) * PAGE_SIZE, PAGE_SIZE);
    List<TopicId> ids = topics.stream().map(Topic::id).toList();
    Map<TopicId, TopicSummary> summaries = reader.summaries(ids, SHOWN_PARTICIPANTS);
    // Unread is kept for members only: to anyone else every topic would be bold.
    boolean member = access.membership(g, v).isPresent();
    Map<Long, Integer> unreadCounts =
        member ? readMarks.unreadCounts(v.require().id(), ids) : Map.of();
    ZoneId zone = v.zone();
    List<TopicRow> rows = new ArrayList<>();
    for (Topic t : topics) {
      TopicId id = t.id();
      TopicSummary summary = summaries.get(id);
      List<Face> faces = new ArrayList<>();
      for (TopicSummary.Participant p : summary.participants()) {
        String shown = shownName(p);
        Avatar avatar = Avatar.of(p.name(), p.address());
        faces.add(new Face(shown, avatar.initials(), avatar.hueClass()));
      }
      int unread = unreadCounts.getOrDefault(id.value(), 0);
      String subject = Subjects.clean(t.subject());
      rows.add(
          new TopicRow(
              subject.isEmpty() ? "(no subject)" : subject,
              Urls.topic(g.name().value(), id.value()),
              faces,
              String.join(", ", faces.stream().map(Face::name).toList()),
              summary.participantCount() - faces.size(),
              summary.snippet(),
              Math.max(0, t.postCount() - 1),
              t.viewCount(),
              dates.show(
                  summary.lastPostAt() == null ? t.lastPostAt() : summary.lastPostAt(), zone),
              unread));
    }
    String base = Urls.group(g.name().value());
    boolean moderates = access.canManage(g, v);
    List<SortLink> sorts = new ArrayList<>();
    for (Sort s : Sort.values()) {
      sorts.add(new SortLink(s.label, s.url(base, 1), s == sort));
    }
    views.render(
        ctx,
        "group/group.jte",
        new GroupModel(
            Chrome.of(g.title(), v, "group").withFeeds(Chrome.Feed.ofGroup(g)),
            g.name().value(),
            g.title(),
            g.description(),
            addresses.post(g.name()),
            !g.isPublic(),
            rows,
            sorts,
            page,
            pages,
            page > 1 ? sort.url(base, page - 1) : "",
            page < pages ? sort.url(base, page + 1) : "",
            access.canPost(g, v),
            access.canJoin(g, v),
            member,
            access.canManage(g, v),
            v.signedIn(),
            moderates ? Links.pending(g.name().value()) : "",
            moderates ? held.count(g.id()) : 0,
            asking.asking(g, v),
            access.canSeeMembers(g, v) ? Links.group(g.name().value()) + "members" : "",
            access.seesOriginal(g, v) ? Links.group(g.name().value()) + "mbox.gz" : ""));
  }

  /**
   * A participant's name for the list: the name they gave, else their address's local part, never
   * the whole address (the list shows no addresses, whatever the group's policy).
   */
  static String shownName(TopicSummary.Participant p) {
    if (p.name() != null && !p.name().isBlank()) {
      return p.name().strip();
    }
    String address = p.address() == null ? "" : p.address();
    int at = address.indexOf('@');
    return at < 0 ? address : address.substring(0, at);
  }

  private void join(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.readable(ctx.pathParam("group"), v);
    if (!v.signedIn()) {
      throw HttpError.signInFirst();
    }
    if (access.membership(g, v).isPresent()) {
      // already in it (a second click, another tab): nothing to do
      ctx.redirect(Urls.group(g.name().value()), HttpStatus.SEE_OTHER);
      return;
    }
    if (!access.canJoin(g, v)) {
      throw HttpError.forbidden("This group is not open to join; its owners add members.");
    }
    try {
      members.add(g.id(), v.require().id(), Role.MEMBER, DeliveryMode.EACH);
    } catch (Banned e) {
      throw HttpError.forbidden(e.getMessage());
    }
    ctx.redirect(Urls.group(g.name().value()), HttpStatus.SEE_OTHER);
  }

  private void leave(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.readable(ctx.pathParam("group"), v);
    members.remove(g.id(), v.require().id());
    ctx.redirect(g.isPublic() ? Urls.group(g.name().value()) : "/", HttpStatus.SEE_OTHER);
  }
}
