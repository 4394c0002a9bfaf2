package org.parley.web.group;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.parley.digest.Digests;
import org.parley.group.Group;
import org.parley.group.Links;
import org.parley.web.Access;
import org.parley.web.Sessions;
import org.parley.web.Urls;
import org.parley.web.Viewer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings page's "Send the digests now" button ({@code POST /g/<group>/digest/send}): closes
 * the group's current digest period at once ({@link Digests#sendNow}), so every member on digest or
 * abridged is owed the posts since their last digest, and answers 303 back to the settings page,
 * which says how many digests are on their way. Those who may open the settings page may press it
 * (the group's active owners and managers, and the site's admins); anyone else gets what the
 * settings page gives them: a request to sign in, or 404.
 */
public final class DigestPages {
  private static final Logger log = LoggerFactory.getLogger(DigestPages.class);

  private final Access access;
  private final Digests digests;

  public DigestPages(Access access, Digests digests) {
    this.access = access;
    this.digests = digests;
  }

  public void register(RoutesConfig r) {
    r.post(Urls.route("/digest/send"), this::sendNow);
  }

  private void sendNow(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.managed(ctx.pathParam("group"), v);
    int queued = digests.sendNow(g);
    log.info(
        "group {}: account {} sent the pending digests now on the web; {} queued",
        g.name(),
        v.require().id(),
        queued);
    ctx.redirect(
        Links.settings(g.name().value()) + "?digests=" + queued + "#digests", HttpStatus.SEE_OTHER);
  }
}
