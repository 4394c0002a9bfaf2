package org.parley.web.group;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.parley.group.Links;
import org.parley.mailcommand.Outcome;
import org.parley.mailcommand.Subscriptions;
import org.parley.web.Chrome;
import org.parley.web.HttpError;
import org.parley.web.Sessions;
import org.parley.web.Viewer;
import org.parley.web.Views;
import org.parley.web.WebServer;

/**
 * The link in a join or leave confirmation ({@code /confirm/<token>}, {@link Subscriptions}): GET
 * shows what it will do and a button, and changes nothing, because the link scanners of mail
 * systems open every link in a message; POST, the button, does it. Whoever holds the token may use
 * it, signed in or not: it was mailed to the address it joins or removes. A token that is unknown,
 * used or expired answers 404 with a sentence that says so.
 */
public final class ConfirmPages {
  /** What the page shows before the button is pressed. */
  public record ConfirmModel(
      Chrome chrome, String heading, String sentence, String button, String action) {}

  private final Subscriptions subscriptions;
  private final Sessions sessions;
  private final Views views;

  public ConfirmPages(Subscriptions subscriptions, Sessions sessions, Views views) {
    this.subscriptions = subscriptions;
    this.sessions = sessions;
    this.views = views;
  }

  public void register(RoutesConfig r) {
    r.get("/confirm/{token}", this::show);
    r.post("/confirm/{token}", this::confirm);
  }

  private static HttpError dead() {
    return new HttpError(
        404,
        "Link not valid",
        "This confirmation link is unknown, already used or expired, so nothing was done. To try"
            + " again, write to the group's join or leave address once more.");
  }

  private void show(Context ctx) {
    String token = ctx.pathParam("token");
    Subscriptions.Pending p = subscriptions.pending(token).orElseThrow(ConfirmPages::dead);
    Viewer v = sessions.withFormToken(ctx);
    String title = p.group().title();
    views.render(
        ctx,
        "group/confirm.jte",
        new ConfirmModel(
            Chrome.of(p.joining() ? "Join " + title : "Leave " + title, v, "confirm"),
            p.joining() ? "Join " + title + "?" : "Leave " + title + "?",
            p.joining()
                ? "Press the button to join " + title + " with the address " + p.address() + "."
                : "Press the button to stop getting mail from "
                    + title
                    + " at "
                    + p.address()
                    + ".",
            p.joining() ? "Join " + title : "Leave " + title,
            Links.confirm(token)));
  }

  private void confirm(Context ctx) {
    String token = ctx.pathParam("token");
    if (subscriptions.pending(token).isEmpty()) {
      throw dead();
    }
    Outcome outcome = subscriptions.confirmByLink(token);
    if (!outcome.done()) {
      throw HttpError.forbidden(outcome.sentence());
    }
    Viewer v = Sessions.viewer(ctx);
    views.render(
        ctx,
        "message.jte",
        new WebServer.MessageModel(
            Chrome.of("Done", v, "message"), "Done", outcome.sentence(), 200));
  }
}
