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
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.GroupStore;
import org.parley.member.MemberStore;
import org.parley.web.Access;
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

  /** A group in the list. */
  public record GroupRow(
      String name,
      String title,
      String description,
      String address,
      String url,
      int topics,
      boolean isPrivate,
      boolean member) {}

  /** The group list page. */
  public record ListModel(
      Chrome chrome,
      List<GroupRow> groups,
      boolean canCreate,
      Field name,
      Field title,
      Field description,
      String visibility) {}

  /** A topic in a group's list. */
  public record TopicRow(
      String subject,
      String url,
      String participants,
      String snippet,
      int posts,
      Dates.Shown lastActivity,
      boolean unread) {}

  /** A group's page. */
  public record GroupModel(
      Chrome chrome,
      String name,
      String title,
      String description,
      String address,
      boolean isPrivate,
      List<TopicRow> topics,
      int page,
      int pages,
      String previousUrl,
      String nextUrl,
      boolean canPost,
      boolean canJoin,
      boolean canLeave,
      boolean signedIn) {}

  private final GroupStore groups;
  private final MemberStore members;
  private final ArchiveReader reader;
  private final ReadMarks readMarks;
  private final Access access;
  private final Views views;
  private final Dates dates;
  private final String domain;

  public GroupPages(
      GroupStore groups,
      MemberStore members,
      ArchiveReader reader,
      ReadMarks readMarks,
      Access access,
      Views views,
      Dates dates,
      String domain) {
    this.groups = groups;
    this.members = members;
    this.reader = reader;
    this.readMarks = readMarks;
    this.access = access;
    this.views = views;
    this.dates = dates;
    this.domain = domain;
  }

  public void register(RoutesConfig r) {
    r.get("/", this::list);
    r.post("/admin/groups", this::create);
    r.get("/g/{group}", this::group);
    r.post("/g/{group}/join", this::join);
    r.post("/g/{group}/leave", this::leave);
  }

  private void list(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    renderList(ctx, v, Field.EMPTY, Field.EMPTY, Field.EMPTY, "public");
  }

  private void renderList(
      Context ctx, Viewer v, Field name, Field title, Field description, String visibility) {
    List<GroupRow> rows = new ArrayList<>();
    for (Group g : groups.list()) {
      if (!access.canRead(g, v)) {
        continue;
      }
      rows.add(
          new GroupRow(
              g.name().value(),
              g.title(),
              g.description(),
              g.name().value() + "@" + domain,
              Urls.group(g.name().value()),
              reader.topicCount(g.id()),
              !g.isPublic(),
              access.membership(g, v).isPresent()));
    }
    views.render(
        ctx,
        "group/list.jte",
        new ListModel(
            Chrome.of("Groups", v, "groups"),
            rows,
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
    String visibility = "private".equals(ctx.formParam("visibility")) ? "private" : "public";
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
    Group g = groups.create(groupName, title.value(), description.value());
    if (!visibility.equals(g.visibility())) {
      g = g.withVisibility(visibility);
      groups.update(g);
    }
    members.add(g.id(), v.require().id(), "owner", "each");
    ctx.redirect(Urls.group(g.name().value()), HttpStatus.SEE_OTHER);
  }

  private void group(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.readable(ctx.pathParam("group"), v);
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
    List<Topic> topics = reader.topics(g.id(), (page - 1) * PAGE_SIZE, PAGE_SIZE);
    Map<Long, Integer> marks =
        v.account()
            .map(a -> readMarks.get(a.id(), topics.stream().map(Topic::id).toList()))
            .orElse(Map.of());
    ZoneId zone = v.zone();
    List<TopicRow> rows = new ArrayList<>();
    for (Topic t : topics) {
      TopicId id = t.id();
      boolean unread = v.signedIn() && marks.getOrDefault(id.value(), 0) < t.postCount();
      rows.add(
          new TopicRow(
              Subjects.clean(t.subject()).isEmpty() ? "(no subject)" : Subjects.clean(t.subject()),
              Urls.topic(g.name().value(), id.value()),
              String.join(", ", reader.participants(id, 4)),
              reader.firstSnippet(id),
              t.postCount(),
              dates.show(t.lastPostAt(), zone),
              unread));
    }
    String base = Urls.group(g.name().value());
    boolean member = access.membership(g, v).isPresent();
    views.render(
        ctx,
        "group/group.jte",
        new GroupModel(
            Chrome.of(g.title(), v, "group"),
            g.name().value(),
            g.title(),
            g.description(),
            g.name().value() + "@" + domain,
            !g.isPublic(),
            rows,
            page,
            pages,
            page > 1 ? base + "?page=" + (page - 1) : "",
            page < pages ? base + "?page=" + (page + 1) : "",
            access.canPost(g, v),
            access.canJoin(g, v),
            member,
            v.signedIn()));
  }

  private void join(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.readable(ctx.pathParam("group"), v);
    if (!access.canJoin(g, v)) {
      throw HttpError.forbidden(
          v.signedIn()
              ? "This group is not open to join; its owners add members."
              : "Sign in to join this group.");
    }
    members.add(g.id(), v.require().id(), "member", "each");
    ctx.redirect(Urls.group(g.name().value()), HttpStatus.SEE_OTHER);
  }

  private void leave(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.readable(ctx.pathParam("group"), v);
    members.remove(g.id(), v.require().id());
    ctx.redirect(g.isPublic() ? Urls.group(g.name().value()) : "/", HttpStatus.SEE_OTHER);
  }
}
