package org.parley.web.group;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.parley.group.ChangedBy;
import org.parley.group.Group;
import org.parley.group.Joining;
import org.parley.group.Links;
import org.parley.mailcommand.Admissions;
import org.parley.mailcommand.JoinRequests.Request;
import org.parley.web.Access;
import org.parley.web.Chrome;
import org.parley.web.Dates;
import org.parley.web.HttpError;
import org.parley.web.Sessions;
import org.parley.web.Viewer;
import org.parley.web.Views;

/**
 * Asking to join a group that asks ({@link Joining#ASK}), and deciding the requests: the form that
 * asks, with a reason ({@code POST /g/<group>/ask}), which a group's page offers to a signed-in
 * non-member; and the requests page ({@code /g/<group>/requests}) where its owners, managers and
 * the site admins approve or decline each request, with a reason mailed to the asker ({@link
 * Admissions}).
 *
 * <p>A group that asks must be found to be asked, so to anyone who may not read it, its page is a
 * landing page: its title, its description and the form, and nothing of its topics ({@link
 * Access#findable}). In a group open to anyone, asking joins at once, as the Join button does; an
 * invited-only group takes no requests (403).
 */
public final class JoinRequestPages {
  /** The longest reason taken, in characters. */
  static final int MAX_REASON = 2000;

  /**
   * What a group's page says about joining by asking, and about the requests that wait.
   *
   * @param canAsk whether the form that asks is shown
   * @param askUrl where it is sent
   * @param signInUrl the sign-in page for a signed-out visitor to a group that asks; "" otherwise
   * @param waitingSince when the viewer's own request was made, when one waits; null otherwise
   * @param refusal why the viewer may not ask (a ban); "" otherwise
   * @param requestsUrl the requests page, for those who run the group; "" for others
   * @param requests how many requests wait (0 for those who do not run the group)
   */
  public record Asking(
      boolean canAsk,
      String askUrl,
      String signInUrl,
      Dates.Shown waitingSince,
      String refusal,
      String requestsUrl,
      int requests) {}

  /** The page a group that asks shows to someone who may not read it. */
  public record LandingModel(
      Chrome chrome, String title, String description, boolean isPrivate, Asking asking) {}

  /** A request as the requests page lists it. */
  public record RequestRow(
      long id,
      String who,
      String reason,
      Dates.Shown at,
      String approveAction,
      String declineAction) {}

  /** The requests page; {@code notice}: the last decision's outcome, or "". */
  public record RequestsModel(
      Chrome chrome,
      String groupTitle,
      String groupUrl,
      boolean asks,
      String notice,
      List<RequestRow> requests) {}

  private final Admissions admissions;
  private final Access access;
  private final Views views;
  private final Dates dates;

  public JoinRequestPages(Admissions admissions, Access access, Views views, Dates dates) {
    this.admissions = admissions;
    this.access = access;
    this.views = views;
    this.dates = dates;
  }

  public void register(RoutesConfig r) {
    r.post(Links.GROUPS + "{group}/ask", this::ask);
    r.get(Links.GROUPS + "{group}/requests", this::requests);
    r.post(Links.GROUPS + "{group}/requests/{id}/approve", this::approve);
    r.post(Links.GROUPS + "{group}/requests/{id}/decline", this::decline);
  }

  /** What group {@code g}'s page says to {@code v} about asking to join and the requests. */
  Asking asking(Group g, Viewer v) {
    String name = g.name().value();
    boolean runs = access.canManage(g, v);
    String requestsUrl = runs ? Links.requests(name) : "";
    int waiting = runs ? admissions.requests().count(g.id()) : 0;
    boolean asks = g.joining() == Joining.ASK;
    if (!asks || !v.signedIn() || access.membership(g, v).isPresent()) {
      String signIn = asks && !v.signedIn() ? "/login?next=" + Links.group(name) : "";
      return new Asking(false, "", signIn, null, "", requestsUrl, waiting);
    }
    Optional<Request> mine = admissions.requests().find(g.id(), v.require().id());
    if (mine.isPresent()) {
      return new Asking(
          false, "", "", dates.show(mine.get().at(), v.zone()), "", requestsUrl, waiting);
    }
    Optional<String> banned = admissions.banned(g, v.require().email());
    return new Asking(
        banned.isEmpty(), Links.ask(name), "", null, banned.orElse(""), requestsUrl, waiting);
  }

  /** The page of a group that asks, to someone who may not read it: no topics, only the form. */
  void landing(Context ctx, Viewer v, Group g) {
    views.render(
        ctx,
        "group/landing.jte",
        new LandingModel(
            Chrome.of(g.title(), v, "group"),
            g.title(),
            g.description(),
            !g.isPublic(),
            asking(g, v)));
  }

  private void ask(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.findable(ctx.pathParam("group"), v);
    if (!v.signedIn()) {
      throw HttpError.signInFirst();
    }
    String reason = ctx.formParam("reason") == null ? "" : ctx.formParam("reason").strip();
    if (reason.length() > MAX_REASON) {
      throw new HttpError(
          400,
          "Reason too long",
          "Keep the reason to "
              + MAX_REASON
              + " characters or fewer; the group's owners read it in a mail.");
    }
    Admissions.Asked asked;
    try {
      asked = admissions.ask(g, v.require(), reason);
    } catch (IOException e) {
      throw new HttpError(
          503,
          "Not sent yet",
          "Your request is stored, but the group's owners could not be told just now. They see"
              + " it on their requests page.");
    }
    if (asked instanceof Admissions.Asked.Refused r) {
      throw HttpError.forbidden(r.sentence());
    }
    ctx.redirect(Links.group(g.name().value()), HttpStatus.SEE_OTHER);
  }

  private void requests(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.managed(ctx.pathParam("group"), v);
    String notice =
        switch (ctx.queryParam("done") == null ? "" : ctx.queryParam("done")) {
          case "approved" -> "Approved: they are a member now, and a welcome is on its way.";
          case "declined" -> "Declined: they are mailed your reason.";
          case "gone" -> "That request no longer waits: another owner or manager decided it.";
          default -> "";
        };
    String name = g.name().value();
    List<RequestRow> rows =
        admissions.requests().waiting(g.id()).stream()
            .map(
                r ->
                    new RequestRow(
                        r.id(),
                        r.who(),
                        r.reason(),
                        dates.show(r.at(), v.zone()),
                        Links.requests(name) + "/" + r.id() + "/approve",
                        Links.requests(name) + "/" + r.id() + "/decline"))
            .toList();
    views.render(
        ctx,
        "group/requests.jte",
        new RequestsModel(
            Chrome.of("Requests: " + g.title(), v, "requests"),
            g.title(),
            Links.group(name),
            g.joining() == Joining.ASK,
            notice,
            rows));
  }

  private long id(Context ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw HttpError.notFound();
    }
  }

  private void approve(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.managed(ctx.pathParam("group"), v);
    Optional<Request> done;
    try {
      done = admissions.approve(g, id(ctx), new ChangedBy.SignedIn(v.require().id()));
    } catch (IOException e) {
      throw new HttpError(
          503,
          "Welcome not sent",
          "They are a member now, but their welcome could not be queued just now.");
    }
    back(ctx, g, done.isPresent() ? "approved" : "gone");
  }

  private void decline(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.managed(ctx.pathParam("group"), v);
    String reason = ctx.formParam("reason") == null ? "" : ctx.formParam("reason").strip();
    if (reason.length() > MAX_REASON) {
      throw new HttpError(
          400, "Reason too long", "Keep the reason to " + MAX_REASON + " characters or fewer.");
    }
    Optional<Request> done =
        admissions.decline(g, id(ctx), reason, new ChangedBy.SignedIn(v.require().id()));
    back(ctx, g, done.isPresent() ? "declined" : "gone");
  }

  private static void back(Context ctx, Group g, String done) {
    ctx.redirect(Links.requests(g.name().value()) + "?done=" + done, HttpStatus.SEE_OTHER);
  }
}
