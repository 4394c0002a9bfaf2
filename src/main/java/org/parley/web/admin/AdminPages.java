package org.parley.web.admin;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.parley.ingest.Quarantine;
import org.parley.mime.Limits;
import org.parley.mime.Mailbox;
import org.parley.mime.MalformedMessageException;
import org.parley.mime.MessageParser;
import org.parley.mime.PageHtml;
import org.parley.mime.ParsedMessage;
import org.parley.mime.Sizes;
import org.parley.web.Chrome;
import org.parley.web.Dates;
import org.parley.web.HttpError;
import org.parley.web.Sessions;
import org.parley.web.Viewer;
import org.parley.web.Views;
import org.parley.web.topic.BodyRenderer;

/**
 * The site admin's pages: the mail captured when there is no relay ({@code /admin/mail}), and the
 * mail that could not be processed ({@code /admin/quarantine}).
 *
 * <p>A captured message is shown as a reader would see it: read by the archive's own parse ({@link
 * MessageParser}: transfer encodings and charsets decoded, HTML sanitised) and its body rendered as
 * the conversation page renders a post's ({@link BodyRenderer}: links clickable), so a mailed link
 * can be followed from here. Its bytes as they would have been sent are one click away ({@code
 * /admin/mail/<id>/source}).
 */
public final class AdminPages {
  /**
   * A captured message in the list: its From field, subject, whom it was delivered to (the
   * envelope's recipient: a group's copies all say "To: the group", and the one to look for is the
   * member's) and when it was captured.
   */
  public record MailRow(
      long id, String url, String from, String deliveredTo, String subject, Dates.Shown at) {}

  /** The list of captured mail. */
  public record MailListModel(Chrome chrome, List<MailRow> mail) {}

  /**
   * What the pages of one captured message show above it.
   *
   * @param envelopeFrom the SMTP MAIL FROM it would have been sent with
   * @param rcptTo the SMTP RCPT TO addresses, comma-separated
   */
  public record MailHead(
      String url,
      String sourceUrl,
      String subject,
      String from,
      String to,
      String cc,
      String envelopeFrom,
      String rcptTo,
      Dates.Shown at) {}

  /** An attached file of a captured message, by name and size. */
  public record AttachmentRow(String filename, String contentType, String size) {}

  /**
   * One captured message, decoded.
   *
   * @param body the body as trusted HTML, rendered as on the conversation page
   * @param textPart the plain-text part as trusted HTML when the body shown is the HTML part, else
   *     ""
   * @param problem why the message could not be read, or "" when it could
   */
  public record MailModel(
      Chrome chrome,
      MailHead head,
      String body,
      String textPart,
      List<AttachmentRow> attachments,
      String problem) {}

  /** One captured message's bytes, as they would have been sent. */
  public record SourceModel(Chrome chrome, MailHead head, String raw) {}

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
  // Captured copies were taken at the door already; no size limit of the parse turns one away here.
  private final MessageParser parser =
      new MessageParser(Limits.defaults().withMaxBytes(Long.MAX_VALUE));
  private final BodyRenderer renderer = new BodyRenderer();
  private final PageHtml pageHtml = new PageHtml();

  public AdminPages(CapturedMailbox mailbox, Quarantine quarantine, Views views, Dates dates) {
    this.mailbox = mailbox;
    this.quarantine = quarantine;
    this.views = views;
    this.dates = dates;
  }

  public void register(RoutesConfig r) {
    r.get("/admin/mail", this::list);
    r.get("/admin/mail/{id}", this::one);
    r.get("/admin/mail/{id}/source", this::source);
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

  private void list(Context ctx) {
    Viewer v = admin(ctx);
    List<MailRow> rows =
        mailbox.recent(200).stream()
            .map(
                c ->
                    new MailRow(
                        c.id(),
                        "/admin/mail/" + c.id(),
                        c.from().isEmpty() ? "(no From)" : c.from(),
                        c.rcptTo(),
                        subject(c.subject()),
                        dates.show(c.capturedAt(), v.zone())))
            .toList();
    views.render(
        ctx,
        "admin/mail-list.jte",
        new MailListModel(Chrome.of("Captured mail", v, "admin"), rows));
  }

  private CapturedMailbox.Captured captured(Context ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw HttpError.notFound();
    }
    return mailbox.find(id).orElseThrow(HttpError::notFound);
  }

  private void one(Context ctx) {
    Viewer v = admin(ctx);
    CapturedMailbox.Captured c = captured(ctx);
    Reading r = read(c);
    ParsedMessage m = r.message();
    if (m == null) {
      views.render(
          ctx,
          "admin/mail.jte",
          new MailModel(
              Chrome.of(subject(c.subject()), v, "admin mail-one"),
              head(v, c, null),
              "",
              "",
              List.of(),
              "This message cannot be read (" + r.error() + "); its source shows it as is."));
      return;
    }
    boolean html = m.html() != null && !m.html().isBlank();
    views.render(
        ctx,
        "admin/mail.jte",
        new MailModel(
            Chrome.of(subject(m.subject()), v, "admin mail-one"),
            head(v, c, m),
            html
                ? "<div class=\"body html\">" + pageHtml.of(m.html()) + "</div>"
                : renderer.text(m.text()),
            html ? renderer.text(m.text()) : "",
            m.attachments().stream()
                .map(a -> new AttachmentRow(a.filename(), a.contentType(), Sizes.of(a.size())))
                .toList(),
            ""));
  }

  private void source(Context ctx) {
    Viewer v = admin(ctx);
    CapturedMailbox.Captured c = captured(ctx);
    ParsedMessage m = read(c).message(); // null: the source is shown all the same
    views.render(
        ctx,
        "admin/mail-source.jte",
        new SourceModel(
            Chrome.of("Source of " + subject(c.subject()), v, "admin mail-source"),
            head(v, c, m),
            new String(c.raw(), StandardCharsets.UTF_8)));
  }

  /** A captured message as the parser reads it: the message, or why it cannot be read. */
  private record Reading(ParsedMessage message, String error) {}

  private Reading read(CapturedMailbox.Captured c) {
    try {
      return new Reading(parser.parse(c.raw()), "");
    } catch (MalformedMessageException e) {
      return new Reading(null, e.getMessage());
    }
  }

  /** The head of a captured message's pages; from its parse when there is one. */
  private MailHead head(Viewer v, CapturedMailbox.Captured c, ParsedMessage m) {
    String url = "/admin/mail/" + c.id();
    return new MailHead(
        url,
        url + "/source",
        subject(m == null ? c.subject() : m.subject()),
        m == null || m.from() == null ? "" : shown(m.from()),
        m == null ? "" : shown(m.to()),
        m == null ? "" : shown(m.cc()),
        c.mailFrom().isEmpty() ? "<>" : c.mailFrom(),
        c.rcptTo(),
        dates.show(c.capturedAt(), v.zone()));
  }

  private static String subject(String s) {
    return s == null || s.isBlank() ? "(no subject)" : s;
  }

  private static String shown(List<Mailbox> boxes) {
    return boxes.stream().map(AdminPages::shown).collect(Collectors.joining(", "));
  }

  private static String shown(Mailbox b) {
    return b.name().isEmpty() ? b.address() : b.name() + " <" + b.address() + ">";
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
