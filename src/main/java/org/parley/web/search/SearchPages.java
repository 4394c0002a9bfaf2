package org.parley.web.search;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.parley.group.Group;
import org.parley.group.GroupStore;
import org.parley.search.SearchIndex;
import org.parley.search.SearchIndex.Segment;
import org.parley.web.Access;
import org.parley.web.Chrome;
import org.parley.web.Dates;
import org.parley.web.HttpError;
import org.parley.web.Sessions;
import org.parley.web.Urls;
import org.parley.web.Viewer;
import org.parley.web.Views;

/**
 * {@code GET /search?q=…&g=<group>&page=N}: the posts matching a query, among the groups the viewer
 * may read only. Which groups those are is asked of {@link Access} once per request and handed to
 * the index as a filter, so a private group's posts never reach the page of anyone who may not read
 * it. A {@code g} the viewer may not read answers 404, as the group's own page does.
 */
public final class SearchPages {
  static final int PAGE_SIZE = 20;
  static final int MAX_PAGES = 50;

  /** One post found. */
  public record HitRow(
      List<Segment> subject,
      String url,
      String groupTitle,
      String groupUrl,
      String author,
      Dates.Shown date,
      List<Segment> snippet) {}

  /** The search page: the form, and the results when there was a query. */
  public record SearchModel(
      Chrome chrome,
      String query,
      String group,
      String groupTitle,
      boolean searched,
      List<HitRow> hits,
      long total,
      String notice,
      int page,
      int pages,
      String previousUrl,
      String nextUrl,
      String allGroupsUrl) {}

  private final SearchIndex index;
  private final GroupStore groups;
  private final Access access;
  private final Views views;
  private final Dates dates;

  public SearchPages(
      SearchIndex index, GroupStore groups, Access access, Views views, Dates dates) {
    this.index = index;
    this.groups = groups;
    this.access = access;
    this.views = views;
    this.dates = dates;
  }

  public void register(RoutesConfig r) {
    r.get("/search", this::search);
  }

  private void search(Context ctx) throws IOException {
    Viewer v = Sessions.viewer(ctx);
    String q = Optional.ofNullable(ctx.queryParam("q")).orElse("").strip();
    String g = Optional.ofNullable(ctx.queryParam("g")).orElse("").strip();
    int page = page(ctx.queryParam("page"));
    Optional<Group> only = g.isEmpty() ? Optional.empty() : Optional.of(access.readable(g, v));
    String title = only.map(x -> "Search " + x.title()).orElse("Search");
    if (q.isEmpty()) {
      render(ctx, v, title, q, only, false, List.of(), 0, "", page, 1);
      return;
    }
    Map<Long, Group> readable = new HashMap<>();
    Set<Long> addresses = new HashSet<>();
    for (Group group : groups.list()) {
      if (access.canRead(group, v)) {
        readable.put(group.id(), group);
        if (access.seesAddresses(group, v)) {
          addresses.add(group.id());
        }
      }
    }
    SearchIndex.Results results =
        index.search(
            q,
            new SearchIndex.Scope(readable.keySet(), addresses),
            only.map(Group::id),
            (page - 1) * PAGE_SIZE,
            PAGE_SIZE);
    List<HitRow> rows = new ArrayList<>();
    for (SearchIndex.Hit h : results.hits()) {
      Group group = readable.get(h.groupId());
      if (group == null) {
        continue; // the index filtered already; a group deleted meanwhile is not shown
      }
      String name = group.name().value();
      rows.add(
          new HitRow(
              h.subjectText().isBlank() ? List.of(new Segment("(no subject)", false)) : h.subject(),
              Urls.post(name, h.topic().value(), h.post().value()),
              group.title(),
              Urls.group(name),
              h.author(),
              dates.show(h.date(), v.zone()),
              h.snippet()));
    }
    int pages =
        (int) Math.min(MAX_PAGES, Math.max(1, (results.total() + PAGE_SIZE - 1) / PAGE_SIZE));
    render(
        ctx,
        v,
        title + ": " + q,
        q,
        only,
        true,
        rows,
        results.total(),
        results.notice().orElse(""),
        page,
        pages);
  }

  private static int page(String param) {
    if (param == null || param.isBlank()) {
      return 1;
    }
    try {
      int page = Integer.parseInt(param.strip());
      if (page >= 1 && page <= MAX_PAGES) {
        return page;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new HttpError(
        404, "No such page", "Search results have pages 1 to " + MAX_PAGES + " at most.");
  }

  private void render(
      Context ctx,
      Viewer v,
      String title,
      String q,
      Optional<Group> only,
      boolean searched,
      List<HitRow> hits,
      long total,
      String notice,
      int page,
      int pages) {
    views.render(
        ctx,
        "search/search.jte",
        new SearchModel(
            Chrome.of(title, v, "search"),
            q,
            only.map(x -> x.name().value()).orElse(""),
            only.map(Group::title).orElse(""),
            searched,
            hits,
            total,
            notice,
            page,
            pages,
            searched && page > 1 ? url(q, only, page - 1) : "",
            searched && page < pages ? url(q, only, page + 1) : "",
            "/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)));
  }

  private static String url(String q, Optional<Group> only, int page) {
    return "/search?q="
        + URLEncoder.encode(q, StandardCharsets.UTF_8)
        + only.map(g -> "&g=" + g.name().value()).orElse("")
        + "&page="
        + page;
  }
}
