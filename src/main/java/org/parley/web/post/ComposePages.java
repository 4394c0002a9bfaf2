package org.parley.web.post;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.parley.group.Group;
import org.parley.group.Links;
import org.parley.group.ListAddresses;
import org.parley.ingest.IngestResult;
import org.parley.mime.PageHtml;
import org.parley.web.Access;
import org.parley.web.Chrome;
import org.parley.web.Field;
import org.parley.web.HttpError;
import org.parley.web.Sessions;
import org.parley.web.Urls;
import org.parley.web.Viewer;
import org.parley.web.Views;
import org.parley.web.WebServer;

/**
 * {@code /g/<group>/new}: compose a new topic, with a Markdown preview, then post it. The form
 * carries a key ({@link Posting#formKey()}) kept through previews and corrections, so sending it
 * twice posts once.
 */
public final class ComposePages {
  /**
   * The compose page; {@code preview} is trusted HTML or ""; {@code formKey} goes back with the
   * form.
   */
  public record ComposeModel(
      Chrome chrome,
      String formKey,
      String groupName,
      String groupTitle,
      String groupUrl,
      String address,
      String action,
      Field subject,
      Field body,
      String preview,
      String error) {}

  private final Access access;
  private final Views views;
  private final Posting posting;
  private final Markdown markdown;
  private final PageHtml pageHtml = new PageHtml();
  private final ListAddresses addresses;

  public ComposePages(
      Access access, Views views, Posting posting, Markdown markdown, String domain) {
    this.access = access;
    this.views = views;
    this.posting = posting;
    this.markdown = markdown;
    this.addresses = new ListAddresses(domain);
  }

  public void register(RoutesConfig r) {
    r.get(Urls.route("/new"), this::form);
    r.post(Urls.route("/new"), this::post);
  }

  private Group writable(Context ctx, Viewer v) {
    Group g = access.readable(ctx.pathParam("group"), v);
    if (!v.signedIn()) {
      throw HttpError.signInFirst();
    }
    if (!access.canPost(g, v)) {
      throw HttpError.forbidden("Only members of this group can post to it. Join it first.");
    }
    return g;
  }

  private void form(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = writable(ctx, v);
    render(ctx, v, g, posting.formKey(), Field.EMPTY, Field.EMPTY, "", "");
  }

  private void render(
      Context ctx,
      Viewer v,
      Group g,
      String formKey,
      Field subject,
      Field body,
      String preview,
      String error) {
    String name = g.name().value();
    views.render(
        ctx,
        "post/compose.jte",
        new ComposeModel(
            Chrome.of("New topic in " + g.title(), v, "compose"),
            formKey,
            name,
            g.title(),
            Urls.group(name),
            addresses.post(g.name()),
            Links.newTopic(name),
            subject,
            body,
            preview,
            error));
  }

  private void post(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = writable(ctx, v);
    Field subject = Field.of(ctx.formParam("subject"));
    Field body = Field.of(ctx.formParam("body"));
    String key = formKey(ctx.formParam("key"));
    if ("preview".equals(ctx.formParam("action"))) {
      render(ctx, v, g, key, subject, body, pageHtml.of(markdown.html(body.value())), "");
      return;
    }
    if (subject.value().isBlank()) {
      subject = subject.withError("A topic needs a subject.");
    }
    if (body.value().isBlank()) {
      body = body.withError("Write something to post.");
    }
    if (subject.hasError() || body.hasError()) {
      ctx.status(422);
      render(ctx, v, g, key, subject, body, "", "");
      return;
    }
    IngestResult result =
        posting.newTopic(g, v.require(), subject.value().strip(), body.value(), ctx.ip(), key);
    switch (result) {
      case IngestResult.Accepted a ->
          ctx.redirect(
              Urls.post(g.name().value(), a.topic().value(), a.post().value()),
              HttpStatus.SEE_OTHER);
      case IngestResult.Refused r -> {
        // too large for the site or the group (552 by mail): 413, Content Too Large (RFC 9110)
        ctx.status(r.code() == 552 ? 413 : 422);
        ctx.attribute(WebServer.PAGE_ANSWERED, true);
        render(ctx, v, g, key, subject, body, "", r.reason());
      }
      case IngestResult.Discarded d -> {
        ctx.status(422);
        render(ctx, v, g, key, subject, body, "", d.reason());
      }
      case IngestResult.Failed x -> {
        ctx.status(503);
        render(ctx, v, g, key, subject, body, "", x.reason());
      }
      case IngestResult.NoRoom x -> {
        ctx.status(503);
        render(ctx, v, g, key, subject, body, "", x.reason());
      }
      case IngestResult.Held h -> HeldPage.render(views, ctx, v, g);
      case IngestResult.Quarantined q -> // mail only: a web post that fails is answered Failed
          throw new IllegalStateException("a web post was quarantined");
    }
  }

  /** The form's key as sent, or a new one when it is missing or not a key. */
  private String formKey(String sent) {
    return sent != null && sent.matches("[0-9a-f]{32}") ? sent : posting.formKey();
  }
}
