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
import org.parley.web.AddressMask;
import org.parley.web.Chrome;
import org.parley.web.Dates;
import org.parley.web.HttpError;
import org.parley.web.Sessions;
import org.parley.web.Urls;
import org.parley.web.Viewer;
import org.parley.web.Views;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /search?q=…&g=<group>&sort=date&page=N}: the posts matching a query, among the groups
 * the viewer may read only. Which groups those are is asked of {@link Access} once per request and
 * handed to the index as a filter, so a private group's posts never reach the page of anyone who
 * may not read it. A {@code g} the viewer may not read answers 404, as the group's own page does.
 * The query's dates are days in the viewer's time zone (UTC for a visitor not signed in).
 *
 * <p>{@code GET /search/help}: the query language, every operator with an example.
 */
public final class SearchPages {
  private static final Logger log = LoggerFactory.getLogger(SearchPages.class);
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

  /**
   * The search page: the form, and the results when there was a query.
   *
   * @param byDate whether the results are newest first (else best match first)
   * @param problem why the query could not be searched (a malformed date), or ""
   * @param stopped that the search ran out of time and its results may be incomplete, or ""
   * @param relevanceUrl these results best match first
   * @param dateUrl these results newest first
   */
  public record SearchModel(
      Chrome chrome,
      String query,
      String group,
      String groupTitle,
      boolean searched,
      boolean byDate,
      List<HitRow> hits,
      long total,
      String notice,
      String problem,
      String stopped,
      int page,
      int pages,
      String previousUrl,
      String nextUrl,
      String allGroupsUrl,
      String relevanceUrl,
      String dateUrl) {}

  /**
   * The help page of the query language.
   *
   * @param zone the time zone the viewer's dates are read in
   * @param signedIn whether that zone is the viewer's own (else it is UTC for everyone)
   */
  public record HelpModel(Chrome chrome, String zone, boolean signedIn) {}

  /** What a results page shows: the query, where, in which order, which page. */
  private record Asked(String q, Optional<Group> only, SearchIndex.Order order, int page) {
    String url(int page) {
      return "/search?q="
          + URLEncoder.encode(q, StandardCharsets.UTF_8)
          + only.map(g -> "&g=" + g.name().value()).orElse("")
          + (order == SearchIndex.Order.DATE ? "&sort=date" : "")
          + (page > 1 ? "&page=" + page : "");
    }

    Asked in(Optional<Group> group) {
      return new Asked(q, group, order, 1);
    }

    Asked by(SearchIndex.Order o) {
      return new Asked(q, only, o, 1);
    }
  }

  private static final SearchIndex.Results NOTHING =
      new SearchIndex.Results(List.of(), 0, Optional.empty(), Optional.empty(), false);

  private final SearchIndex index;
  private final GroupStore groups;
  private final Access access;
  private final Views views;
  private final Dates dates;
  private final String domain;

  /**
   * @param domain the site's mail domain, whose addresses are never masked
   */
  public SearchPages(
      SearchIndex index,
      GroupStore groups,
      Access access,
      Views views,
      Dates dates,
      String domain) {
    this.index = index;
    this.domain = domain;
    this.groups = groups;
    this.access = access;
    this.views = views;
    this.dates = dates;
  }

  public void register(RoutesConfig r) {
    r.get("/search", this::search);
    r.get("/search/help", this::help);
  }

  private void help(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    views.render(
        ctx,
        "search/help.jte",
        new HelpModel(Chrome.of("How to search", v, "search"), v.zone().getId(), v.signedIn()));
  }

  private void search(Context ctx) throws IOException {
    Viewer v = Sessions.viewer(ctx);
    String q = Optional.ofNullable(ctx.queryParam("q")).orElse("").strip();
    String g = Optional.ofNullable(ctx.queryParam("g")).orElse("").strip();
    int page = page(ctx.queryParam("page"));
    SearchIndex.Order order = order(ctx.queryParam("sort"));
    Optional<Group> only = g.isEmpty() ? Optional.empty() : Optional.of(access.readable(g, v));
    Asked asked = new Asked(q, only, order, page);
    String title = only.map(x -> "Search " + x.title()).orElse("Search");
    if (q.isEmpty()) {
      render(ctx, v, title, asked, false, NOTHING, List.of(), 1);
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
    SearchIndex.Results results;
    try {
      results =
          index.search(
              q,
              new SearchIndex.Scope(readable.keySet(), addresses),
              only.map(Group::id),
              v.zone(),
              order,
              (page - 1) * PAGE_SIZE,
              PAGE_SIZE);
    } catch (IOException e) {
      // the index cannot be opened or read (a full disk, RELIABILITY A2); the archive still can
      // the site logged once that the index would not open; a line per search would flood
      log.debug("search is unavailable: the index cannot be read: {}", e.toString());
      throw new HttpError(
          503,
          "Search is unavailable for now",
          "The search index cannot be read just now (the server may be short of disk space)."
              + " Groups and topics can still be read as usual; please try the search again"
              + " later.");
    }
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
              AddressMask.author(h.author(), addresses.contains(h.groupId()), domain),
              dates.show(h.date(), v.zone()),
              h.snippet()));
    }
    int pages =
        (int) Math.min(MAX_PAGES, Math.max(1, (results.total() + PAGE_SIZE - 1) / PAGE_SIZE));
    render(ctx, v, title + ": " + q, asked, true, results, rows, pages);
  }

  /** Relevance unless {@code sort=date}; anything else is a 400 that says what is possible. */
  private static SearchIndex.Order order(String param) {
    String sort = param == null ? "" : param.strip();
    return switch (sort) {
      case "", "relevance" -> SearchIndex.Order.RELEVANCE;
      case "date" -> SearchIndex.Order.DATE;
      default ->
          throw new HttpError(
              400,
              "No such order",
              "Search results are sorted by relevance (sort=relevance, the default) or by date,"
                  + " newest first (sort=date).");
    };
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
      Asked asked,
      boolean searched,
      SearchIndex.Results results,
      List<HitRow> hits,
      int pages) {
    int page = asked.page();
    views.render(
        ctx,
        "search/search.jte",
        new SearchModel(
            Chrome.of(title, v, "search"),
            asked.q(),
            asked.only().map(x -> x.name().value()).orElse(""),
            asked.only().map(Group::title).orElse(""),
            searched,
            asked.order() == SearchIndex.Order.DATE,
            hits,
            results.total(),
            results.notice().orElse(""),
            results.problem().orElse(""),
            results.stopped() ? SearchIndex.STOPPED : "",
            page,
            pages,
            searched && page > 1 ? asked.url(page - 1) : "",
            searched && page < pages ? asked.url(page + 1) : "",
            asked.in(Optional.empty()).url(1),
            asked.by(SearchIndex.Order.RELEVANCE).url(1),
            asked.by(SearchIndex.Order.DATE).url(1)));
  }
}
