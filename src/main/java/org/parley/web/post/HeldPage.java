package org.parley.web.post;

import io.javalin.http.Context;
import org.parley.group.Group;
import org.parley.web.Chrome;
import org.parley.web.Viewer;
import org.parley.web.Views;
import org.parley.web.WebServer;

/**
 * The page a web post held for a moderator is answered with: it is kept (committed) and waits for a
 * moderator of the group, and shows on the group's page once approved. Status 202 (RFC 9110
 * §15.3.3): taken, not yet acted on.
 */
public final class HeldPage {
  private HeldPage() {}

  public static void render(Views views, Context ctx, Viewer v, Group g) {
    ctx.status(202);
    views.render(
        ctx,
        "message.jte",
        new WebServer.MessageModel(
            Chrome.of("Waiting for a moderator", v, "message"),
            "Your post waits for a moderator",
            "Your post to "
                + g.title()
                + " is kept for a moderator of the group, who will approve or reject it. Once"
                + " approved it appears on the group's page and is sent to its members.",
            202));
  }
}
