package org.parley.web.admin;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.parley.web.Chrome;
import org.parley.web.Dates;
import org.parley.web.HttpError;
import org.parley.web.Sessions;
import org.parley.web.Viewer;
import org.parley.web.Views;

/** The site admin's pages: the mail captured when there is no relay ({@code /admin/mail}). */
public final class AdminPages {
  /** A captured message in the list. */
  public record MailRow(
      long id, String url, String from, String to, String subject, Dates.Shown at) {}

  /** The list of captured mail. */
  public record MailListModel(Chrome chrome, List<MailRow> mail) {}

  /** One captured message and its text as captured. */
  public record MailModel(Chrome chrome, MailRow row, String raw) {}

  private final CapturedMailbox mailbox;
  private final Views views;
  private final Dates dates;

  public AdminPages(CapturedMailbox mailbox, Views views, Dates dates) {
    this.mailbox = mailbox;
    this.views = views;
    this.dates = dates;
  }

  public void register(RoutesConfig r) {
    r.get("/admin/mail", this::list);
    r.get("/admin/mail/{id}", this::one);
  }

  private static Viewer admin(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    if (!v.signedIn()) {
      throw HttpError.signInFirst();
    }
    if (!v.siteAdmin()) {
      throw HttpError.forbidden("Only a site admin can see this page.");
    }
    return v;
  }

  private MailRow row(Viewer v, CapturedMailbox.Captured c) {
    return new MailRow(
        c.id(),
        "/admin/mail/" + c.id(),
        c.mailFrom(),
        c.rcptTo(),
        c.subject().isBlank() ? "(no subject)" : c.subject(),
        dates.show(c.capturedAt(), v.zone()));
  }

  private void list(Context ctx) {
    Viewer v = admin(ctx);
    List<MailRow> rows = mailbox.recent(200).stream().map(c -> row(v, c)).toList();
    views.render(
        ctx,
        "admin/mail-list.jte",
        new MailListModel(Chrome.of("Captured mail", v, "admin"), rows));
  }

  private void one(Context ctx) {
    Viewer v = admin(ctx);
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw HttpError.notFound();
    }
    CapturedMailbox.Captured c = mailbox.find(id).orElseThrow(HttpError::notFound);
    views.render(
        ctx,
        "admin/mail.jte",
        new MailModel(
            Chrome.of(c.subject(), v, "admin"),
            row(v, c),
            new String(c.raw(), StandardCharsets.UTF_8)));
  }
}
