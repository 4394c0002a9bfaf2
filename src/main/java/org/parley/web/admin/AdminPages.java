package org.parley.web.admin;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.parley.ingest.Quarantine;
import org.parley.web.Chrome;
import org.parley.web.Dates;
import org.parley.web.HttpError;
import org.parley.web.Sessions;
import org.parley.web.Viewer;
import org.parley.web.Views;

/**
 * The site admin's pages: the mail captured when there is no relay ({@code /admin/mail}), and the
 * mail that could not be processed ({@code /admin/quarantine}).
 */
public final class AdminPages {
  /** A captured message in the list. */
  public record MailRow(
      long id, String url, String from, String to, String subject, Dates.Shown at) {}

  /** The list of captured mail. */
  public record MailListModel(Chrome chrome, List<MailRow> mail) {}

  /** One captured message and its text as captured. */
  public record MailModel(Chrome chrome, MailRow row, String raw) {}

  /** A message in quarantine, and whether it is held or its sender still retrying. */
  public record QuarantineRow(
      long id,
      String state,
      String group,
      String from,
      Dates.Shown lastFailed,
      String summary,
      String error) {}

  /** The quarantine's list. */
  public record QuarantineModel(Chrome chrome, List<QuarantineRow> entries) {}

  private final CapturedMailbox mailbox;
  private final Quarantine quarantine;
  private final Views views;
  private final Dates dates;

  public AdminPages(CapturedMailbox mailbox, Quarantine quarantine, Views views, Dates dates) {
    this.mailbox = mailbox;
    this.quarantine = quarantine;
    this.views = views;
    this.dates = dates;
  }

  public void register(RoutesConfig r) {
    r.get("/admin/mail", this::list);
    r.get("/admin/mail/{id}", this::one);
    r.get("/admin/quarantine", this::quarantine);
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

  private void quarantine(Context ctx) {
    Viewer v = admin(ctx);
    List<QuarantineRow> rows =
        quarantine.list().stream()
            .map(
                e ->
                    new QuarantineRow(
                        e.id(),
                        e.held()
                            ? "held"
                            : "retrying (" + e.failures() + " of " + Quarantine.ATTEMPTS + ")",
                        e.group().value(),
                        e.envelope().mailFrom().isEmpty() ? "<>" : e.envelope().mailFrom(),
                        dates.show(e.lastFailedAt(), v.zone()),
                        e.summary(),
                        e.error()))
            .toList();
    views.render(
        ctx,
        "admin/quarantine.jte",
        new QuarantineModel(Chrome.of("Quarantine", v, "admin"), rows));
  }
}
