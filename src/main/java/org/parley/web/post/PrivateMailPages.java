package org.parley.web.post;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.parley.account.Account;
import org.parley.account.EmailAddress;
import org.parley.archive.ArchiveReader;
import org.parley.archive.Post;
import org.parley.archive.PostId;
import org.parley.archive.Subjects;
import org.parley.group.Group;
import org.parley.group.Links;
import org.parley.group.ListAddresses;
import org.parley.mailtext.ForwardedPost;
import org.parley.mailtext.MailTexts;
import org.parley.mailtext.PrivateReply;
import org.parley.mime.Draft;
import org.parley.mime.HtmlSanitizer;
import org.parley.mime.Mailbox;
import org.parley.mime.MessageComposer;
import org.parley.web.Access;
import org.parley.web.AddressMask;
import org.parley.web.Chrome;
import org.parley.web.Field;
import org.parley.web.HttpError;
import org.parley.web.MailOut;
import org.parley.web.RateLimiter;
import org.parley.web.Sessions;
import org.parley.web.Urls;
import org.parley.web.Viewer;
import org.parley.web.Views;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reply to author and Forward: mail that leaves the site without becoming a post (nothing is
 * archived). The request composes the message, its text from the templates of {@link MailTexts} (a
 * forward's HTML part from {@code mail/forward.jte}), and queues it ({@link MailOut}); a job sends
 * it after the answer, retried while the relay is down. The message is From the site ({@code
 * <group>-bounces@<domain>} as envelope sender, a From of "Name via group" at the site so DMARC of
 * the reader's domain is not broken) with the reader's address as Reply-To (RFC 5322 §3.6.2), so
 * answers go straight to the reader. A reply carries In-Reply-To and References (§3.6.4). Both are
 * limited, so the site cannot be made to mail an address over and over (RELIABILITY E): per sending
 * account and kind (by default 20 an hour each) and per recipient address over all senders (10 an
 * hour); every try counts.
 */
public final class PrivateMailPages {
  /** What a message sent while posting is paused is told (RELIABILITY A2); its text is kept. */
  private static final String PAUSED =
      "Sending is paused: the site is short of disk space and cannot keep outgoing mail just now."
          + " Your text is kept here; please send it again later.";

  private static final Logger log = LoggerFactory.getLogger(PrivateMailPages.class);
  private static final DateTimeFormatter RFC_DATE =
      DateTimeFormatter.ofPattern("EEE, MMM d, yyyy 'at' h:mm a 'UTC'", Locale.US);

  /**
   * The reply-to-author or forward page; {@code postText} is the original's plain text, shown with
   * its line breaks.
   */
  public record MailModel(
      Chrome chrome,
      String kind,
      String heading,
      String action,
      String topicUrl,
      String postAuthor,
      String postSubject,
      String postText,
      Field to,
      Field subject,
      Field body,
      String error,
      String notice) {}

  /**
   * A forward's HTML part ({@code mail/forward.jte}): the same framing as its text, around the
   * post's HTML, sanitised here (the archive keeps it as the message carried it).
   */
  public record ForwardHtml(ForwardedPost post, String bodyHtml) {
    private static final HtmlSanitizer SANITIZER = new HtmlSanitizer();

    public ForwardHtml {
      bodyHtml = SANITIZER.sanitize(bodyHtml);
    }

    /** The reader's note, line by line. */
    public List<String> noteLines() {
      return post.note().lines().toList();
    }
  }

  private final ArchiveReader reader;
  private final Access access;
  private final Views views;
  private final MailOut mail;
  private final MessageComposer composer;
  private final Posting posting;
  private final RateLimiter senders;
  private final RateLimiter recipients;
  private final Clock clock;
  private final String domain;
  private final ListAddresses listAddresses;
  private final Supplier<String> baseUrl;
  private final MailTexts texts = new MailTexts();

  public PrivateMailPages(
      ArchiveReader reader,
      Access access,
      Views views,
      MailOut mail,
      MessageComposer composer,
      Posting posting,
      RateLimiter senders,
      RateLimiter recipients,
      Clock clock,
      String domain,
      Supplier<String> baseUrl) {
    this.reader = reader;
    this.access = access;
    this.views = views;
    this.mail = mail;
    this.composer = composer;
    this.posting = posting;
    this.senders = senders;
    this.recipients = recipients;
    this.clock = clock;
    this.domain = domain;
    this.listAddresses = new ListAddresses(domain);
    this.baseUrl = baseUrl;
  }

  public void register(RoutesConfig r) {
    r.get(Urls.route("/p/{post}/reply-author"), ctx -> form(ctx, "reply-author"));
    r.get(Urls.route("/p/{post}/forward"), ctx -> form(ctx, "forward"));
    r.post(Urls.route("/p/{post}/reply-author"), this::replyAuthor);
    r.post(Urls.route("/p/{post}/forward"), this::forward);
  }

  private record Target(Group group, Post post, Account me) {}

  private Target target(Context ctx, Viewer v) {
    Group g = access.readable(ctx.pathParam("group"), v);
    Account me = v.require();
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("post"));
    } catch (NumberFormatException e) {
      throw HttpError.notFound();
    }
    Post p =
        reader
            .post(new PostId(id))
            .filter(x -> x.groupId() == g.id())
            .orElseThrow(HttpError::notFound);
    return new Target(g, p, me);
  }

  private void form(Context ctx, String kind) {
    Viewer v = Sessions.viewer(ctx);
    Target t = target(ctx, v);
    Field subject =
        Field.of(
            kind.equals("forward")
                ? "Fwd: " + Subjects.clean(t.post().subject())
                : Posting.replySubject(t.post().subject()));
    render(ctx, v, t, kind, Field.EMPTY, subject, Field.EMPTY, "");
  }

  private void render(
      Context ctx,
      Viewer v,
      Target t,
      String kind,
      Field to,
      Field subject,
      Field body,
      String error) {
    String group = t.group().name().value();
    String path = Links.postAction(group, t.post().id().value(), kind);
    String author =
        AddressMask.author(t.post().authorName(), access.seesAddresses(t.group(), v), domain);
    views.render(
        ctx,
        "post/mail.jte",
        new MailModel(
            Chrome.of(kind.equals("forward") ? "Forward" : "Reply to author", v, "mail"),
            kind,
            kind.equals("forward") ? "Forward this message" : "Reply privately to " + author,
            path,
            Urls.post(group, t.post().topicId().value(), t.post().id().value()),
            author,
            Subjects.clean(t.post().subject()),
            t.post().bodyText() == null ? "" : t.post().bodyText().strip(),
            to,
            subject,
            body,
            error,
            ""));
  }

  private Mailbox from(Target t) {
    return new Mailbox(
        t.me().shownName() + " via " + t.group().name().value(), "noreply@" + domain);
  }

  private String envelopeFrom(Target t) {
    return listAddresses.bounces(t.group().name());
  }

  private void replyAuthor(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Target t = target(ctx, v);
    Field subject = Field.of(ctx.formParam("subject"));
    Field body = Field.of(ctx.formParam("body"));
    if (body.value().isBlank()) {
      ctx.status(422);
      render(
          ctx,
          v,
          t,
          "reply-author",
          Field.EMPTY,
          subject,
          body.withError("Write something to send."),
          "");
      return;
    }
    if (!EmailAddress.isValid(t.post().fromAddress())) {
      ctx.status(422);
      render(
          ctx,
          v,
          t,
          "reply-author",
          Field.EMPTY,
          subject,
          body,
          "This message has no address to reply to.");
      return;
    }
    if (posting.paused().isPresent()) {
      ctx.status(503);
      render(ctx, v, t, "reply-author", Field.EMPTY, subject, body, PAUSED);
      return;
    }
    String limited = limited(t, "reply-author", t.post().fromAddress());
    if (limited != null) {
      ctx.status(429);
      render(ctx, v, t, "reply-author", Field.EMPTY, subject, body, limited);
      return;
    }
    Post p = t.post();
    Draft draft =
        new Draft(
            posting.newMessageId(),
            clock.instant(),
            from(t),
            List.of(new Mailbox(p.fromName(), p.fromAddress())),
            List.of(),
            new Mailbox(t.me().shownName(), t.me().email().value()),
            subject.value().isBlank() ? Posting.replySubject(p.subject()) : subject.value(),
            p.messageId().value(),
            Posting.references(p, reader.references(p.id())),
            texts.render(
                new PrivateReply(
                    body.value(),
                    baseUrl.get()
                        + Urls.post(
                            t.group().name().value(), p.topicId().value(), p.id().value()))),
            null,
            Map.of("Auto-Submitted", "no"));
    send(ctx, v, t, "reply-author", draft, List.of(p.fromAddress()), Field.EMPTY, subject, body);
  }

  private void forward(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Target t = target(ctx, v);
    Field to = Field.of(ctx.formParam("to"));
    Field subject = Field.of(ctx.formParam("subject"));
    Field note = Field.of(ctx.formParam("body"));
    if (!EmailAddress.isValid(to.value())) {
      ctx.status(422);
      render(
          ctx,
          v,
          t,
          "forward",
          to.withError("Enter an email address such as name@example.org."),
          subject,
          note,
          "");
      return;
    }
    if (posting.paused().isPresent()) {
      ctx.status(503);
      render(ctx, v, t, "forward", to, subject, note, PAUSED);
      return;
    }
    String limited = limited(t, "forward", to.value());
    if (limited != null) {
      ctx.status(429);
      render(ctx, v, t, "forward", to, subject, note, limited);
      return;
    }
    Post p = t.post();
    boolean addresses = access.seesAddresses(t.group(), v);
    String author =
        addresses
            ? p.authorName() + " <" + p.fromAddress() + ">"
            : AddressMask.author(p.authorName(), false, domain);
    String link =
        baseUrl.get() + Urls.post(t.group().name().value(), p.topicId().value(), p.id().value());
    ForwardedPost forwarded =
        new ForwardedPost(
            note.value(),
            author,
            RFC_DATE.format(p.shownAt().atZone(ZoneOffset.UTC)),
            p.subject(),
            listAddresses.post(t.group().name()),
            p.bodyText(),
            link);
    String html =
        p.bodyHtml() == null || p.bodyHtml().isBlank()
            ? null
            : views.render("mail/forward.jte", new ForwardHtml(forwarded, p.bodyHtml()));
    Draft draft =
        new Draft(
            posting.newMessageId(),
            clock.instant(),
            from(t),
            List.of(new Mailbox("", EmailAddress.of(to.value()).value())),
            List.of(),
            new Mailbox(t.me().shownName(), t.me().email().value()),
            subject.value().isBlank() ? "Fwd: " + Subjects.clean(p.subject()) : subject.value(),
            null,
            List.of(),
            texts.render(forwarded),
            html,
            Map.of());
    send(
        ctx,
        v,
        t,
        "forward",
        draft,
        List.of(EmailAddress.of(to.value()).value()),
        to,
        subject,
        note);
  }

  /**
   * Why this mail may not go now (its sender or its recipient has had enough this hour), or null
   * when it may; when it may, it is counted against both.
   */
  private String limited(Target t, String kind, String address) {
    String sender = kind + ":" + t.me().id().value();
    String recipient = "to:" + EmailAddress.of(address).key();
    synchronized (this) {
      if (senders.exhausted(sender)) {
        return kind.equals("forward")
            ? "You have forwarded many messages in the last hour. Please try again later."
            : "You have sent many private replies in the last hour. Please try again later.";
      }
      if (recipients.exhausted(recipient)) {
        return "This address has been sent many messages from this site in the last hour."
            + " Please try again later.";
      }
      senders.record(sender);
      recipients.record(recipient);
    }
    return null;
  }

  private void send(
      Context ctx,
      Viewer v,
      Target t,
      String kind,
      Draft draft,
      List<String> rcpt,
      Field to,
      Field subject,
      Field body) {
    try {
      mail.queue(draft.messageId(), envelopeFrom(t), rcpt, composer.compose(draft));
      log.info(
          "{} {} from account {} queued as <{}>",
          kind,
          t.post().messageId(),
          t.me().id(),
          draft.messageId());
    } catch (IOException e) {
      log.warn("{} of {} could not be queued: {}", kind, t.post().messageId(), e.getMessage());
      ctx.status(503);
      render(
          ctx,
          v,
          t,
          kind,
          to,
          subject,
          body,
          "The message could not be queued for sending just now. Your text is kept here; please"
              + " try again in a few minutes.");
      return;
    }
    String group = t.group().name().value();
    ctx.redirect(
        Urls.topic(group, t.post().topicId().value())
            + "?sent="
            + kind
            + Links.anchor(t.post().id().value()),
        HttpStatus.SEE_OTHER);
  }
}
