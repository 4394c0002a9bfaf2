package org.parley.web.moderation;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.parley.account.EmailAddress;
import org.parley.delivery.RejectionNotice;
import org.parley.group.ChangedBy;
import org.parley.group.Group;
import org.parley.group.Links;
import org.parley.ingest.IngestResult;
import org.parley.ingest.Ingestor;
import org.parley.mime.Limits;
import org.parley.mime.MalformedMessageException;
import org.parley.mime.MessageParser;
import org.parley.mime.ParsedMessage;
import org.parley.mime.Sizes;
import org.parley.moderation.AllowedSenders;
import org.parley.moderation.HeldMessages;
import org.parley.moderation.RecordedHit;
import org.parley.review.HeldDecisions;
import org.parley.spam.SpamScore;
import org.parley.web.Access;
import org.parley.web.Chrome;
import org.parley.web.Dates;
import org.parley.web.HttpError;
import org.parley.web.Sessions;
import org.parley.web.Viewer;
import org.parley.web.Views;
import org.parley.web.topic.BodyRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group's moderation queue ({@code /g/<group>/pending}): the messages its rules held, each with
 * when it came, its sender, its subject, the reasons it was held (its rules' hits) and its text as
 * the conversation page renders a post; and the moderator's actions on each, plain forms that work
 * without JavaScript, each answered 303 back to the queue with a one-line notice; all of them go
 * through {@link HeldDecisions}, which records each in the group's audit log:
 *
 * <ul>
 *   <li>approve: the message takes the one path again ({@link Ingestor#approve}), is archived and
 *       goes to the members as any post;
 *   <li>approve and always allow the sender: the same, and the sender's later posts skip the
 *       group's moderation holds ({@link AllowedSenders}); the page lists the allowed senders, each
 *       with a button that stops allowing it;
 *   <li>reject, with a reason: it is dropped and its sender is mailed the reason ({@link
 *       RejectionNotice});
 *   <li>discard: it is dropped, and nobody is told;
 *   <li>ban the sender: the sender's address is banned from the group (their later mail is refused
 *       at the door) and the message discarded.
 * </ul>
 *
 * Only the group's active owners and managers and the site admins see the queue or act on it
 * ({@link Access#moderated}); anyone else gets the 404 a private group gives a stranger, for the
 * page and for every action. Acting on a message that another moderator has already handled changes
 * nothing and says so.
 */
public final class PendingPages {
  private static final Logger log = LoggerFactory.getLogger(PendingPages.class);

  /** A reason a rule gave for holding a message. */
  public record Reason(String rule, String text) {}

  /**
   * One held message as the queue shows it; {@code body} is trusted, rendered HTML.
   *
   * @param sender the author's address, as the post would be archived from
   * @param envelopeSender the SMTP return path it came with ({@code <>} for none), shown when it is
   *     not the author's
   * @param spam what the site's spam filter in front said of it, in one line; empty when none
   *     looked at it
   * @param attachments each attachment's name and size, not downloadable until approved
   * @param authenticationResults what the door found out about its sender, as the site's own
   *     Authentication-Results field says it (SPF, DKIM, DMARC); empty when nothing was checked
   * @param unproven whether the address it claims to be from may be forged ({@link
   *     HeldMessages.Held#senderUnproven}): the page then offers only approve and discard
   */
  public record HeldView(
      long id,
      Dates.Shown heldAt,
      String sender,
      String envelopeSender,
      String subject,
      String source,
      String size,
      String spam,
      List<Reason> reasons,
      String authenticationResults,
      boolean unproven,
      String body,
      List<String> attachments,
      String approveAction,
      String allowAction,
      String rejectAction,
      String discardAction,
      String banAction) {}

  /** A sender the group always allows, as the queue lists it. */
  public record AllowedView(String address, Dates.Shown since) {}

  /** The queue page; {@code notice} is the last action's outcome, or "". */
  public record PendingModel(
      Chrome chrome,
      String groupName,
      String groupTitle,
      String groupUrl,
      String notice,
      boolean error,
      List<HeldView> held,
      List<AllowedView> allowed,
      String removeAllowedAction) {}

  /** What an action answers with, as the {@code done} parameter of the queue it returns to. */
  enum Notice {
    APPROVED("approved", "Approved: the post is in the archive and on its way to the members."),
    ALLOWED(
        "allowed",
        "Approved, and its sender is always allowed: their later posts are not held for"
            + " moderation."),
    BANNED(
        "banned",
        "The sender is banned from the group, and the message discarded: their mail is refused"
            + " from now on."),
    NO_ADDRESS("no-address", "That message names no address to ban; discard it instead."),
    UNALLOWED(
        "unallowed", "That sender is no longer always allowed: the group's moderation applies."),
    NOT_ALLOWED("not-allowed", "That address was not on the list of allowed senders."),
    ALREADY_POSTED(
        "already-posted",
        "Approved: the group had this message already, so nothing was sent again."),
    DROPPED("dropped", "Approved, but a rule of the site drops it now, so it was not posted."),
    REJECTED("rejected", "Rejected: its sender is mailed your reason."),
    REJECTED_UNTOLD(
        "rejected-untold",
        "Rejected. Its sender is not mailed: it came with no address to answer (a bounce or"
            + " automatic mail)."),
    DISCARDED("discarded", "Discarded: the message is gone, and nobody was told."),
    GONE("gone", "That message is no longer in the queue: another moderator has handled it."),
    UNPROVEN(
        "unproven",
        "That message failed its domain's DMARC check and may be forged: approve it or discard it."
            + " Nobody is mailed, always allowed or banned on its account, for the address may be"
            + " someone's who never sent it.");

    final String word;
    final String sentence;

    Notice(String word, String sentence) {
      this.word = word;
      this.sentence = sentence;
    }

    /** The sentence a {@code done} word stands for; "" for none or an unknown one. */
    static String sentence(String word) {
      for (Notice n : values()) {
        if (n.word.equals(word)) {
          return n.sentence;
        }
      }
      return "";
    }
  }

  private final HeldMessages held;
  private final HeldDecisions decisions;
  private final AllowedSenders allowed;
  private final Access access;
  private final Views views;
  private final Dates dates;
  private final BodyRenderer bodies = new BodyRenderer();

  public PendingPages(
      HeldMessages held,
      HeldDecisions decisions,
      AllowedSenders allowed,
      Access access,
      Views views,
      Dates dates) {
    this.held = held;
    this.decisions = decisions;
    this.allowed = allowed;
    this.access = access;
    this.views = views;
    this.dates = dates;
  }

  public void register(RoutesConfig r) {
    r.get(Links.GROUPS + "{group}/pending", this::queue);
    r.post(Links.GROUPS + "{group}/pending/allowed/remove", this::removeAllowed);
    r.post(Links.GROUPS + "{group}/pending/{id}/approve", ctx -> approve(ctx, false));
    r.post(Links.GROUPS + "{group}/pending/{id}/allow", ctx -> approve(ctx, true));
    r.post(Links.GROUPS + "{group}/pending/{id}/reject", this::reject);
    r.post(Links.GROUPS + "{group}/pending/{id}/discard", this::discard);
    r.post(Links.GROUPS + "{group}/pending/{id}/ban", this::ban);
  }

  private static ChangedBy by(Viewer v) {
    return new ChangedBy.SignedIn(v.require().id());
  }

  private void queue(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.managed(ctx.pathParam("group"), v);
    render(ctx, v, g, Notice.sentence(ctx.queryParam("done")), false);
  }

  private void render(Context ctx, Viewer v, Group g, String notice, boolean error) {
    String name = g.name().value();
    List<HeldView> rows = new ArrayList<>();
    for (HeldMessages.Held h : held.list(Optional.of(g.name()))) {
      rows.add(view(h, v, name));
    }
    views.render(
        ctx,
        "moderation/pending.jte",
        new PendingModel(
            Chrome.of("Pending: " + g.title(), v, "pending"),
            name,
            g.title(),
            Links.group(name),
            notice,
            error,
            rows,
            allowed.list(g.id()).stream()
                .map(a -> new AllowedView(a.address(), dates.show(a.at(), v.zone())))
                .toList(),
            Links.pending(name) + "/allowed/remove"));
  }

  private HeldView view(HeldMessages.Held h, Viewer v, String group) {
    String body;
    List<String> attachments = new ArrayList<>();
    try {
      byte[] raw = held.raw(h);
      ParsedMessage m =
          new MessageParser(
                  Limits.defaults()
                      .withMaxBytes(Math.max(raw.length, Limits.defaults().maxBytes())))
              .parse(raw);
      body = bodies.render(m).html();
      m.attachments()
          .forEach(
              a ->
                  attachments.add(
                      (a.filename() == null || a.filename().isBlank() ? "(unnamed)" : a.filename())
                          + " ("
                          + Sizes.of(a.size())
                          + ")"));
    } catch (IOException | MalformedMessageException | RuntimeException e) {
      log.warn("held message {} cannot be shown: {}", h.id(), e.toString());
      body = bodies.text("(This message cannot be shown: " + e.getMessage() + ")");
    }
    String mailFrom = h.origin().mailFrom().isBlank() ? "<>" : h.origin().mailFrom();
    return new HeldView(
        h.id(),
        dates.show(h.heldAt(), v.zone()),
        h.fromAddress().isBlank() ? "(no address)" : h.fromAddress(),
        mailFrom.equalsIgnoreCase(h.fromAddress()) ? "" : mailFrom,
        h.subject().isBlank() ? "(no subject)" : h.subject(),
        h.origin().source(),
        Sizes.of(h.rawSize()),
        h.spam().map(SpamScore::summary).orElse(""),
        h.hits().stream().map((RecordedHit hit) -> new Reason(hit.rule(), hit.reason())).toList(),
        h.authenticationResults(),
        h.senderUnproven(),
        body,
        attachments,
        action(group, h.id(), "approve"),
        action(group, h.id(), "allow"),
        action(group, h.id(), "reject"),
        action(group, h.id(), "discard"),
        action(group, h.id(), "ban"));
  }

  private static String action(String group, long id, String what) {
    return Links.pending(group) + "/" + id + "/" + what;
  }

  /**
   * The held message an action names, if it is in this group's queue; empty when it is not (gone,
   * or never this group's: a moderator of one group acts on no other's).
   */
  private Optional<HeldMessages.Held> target(Context ctx, Group g) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw HttpError.notFound();
    }
    return held.find(id).filter(h -> h.groupId() == g.id());
  }

  private void back(Context ctx, Group g, Notice notice) {
    ctx.redirect(Links.pending(g.name().value()) + "?done=" + notice.word, HttpStatus.SEE_OTHER);
  }

  private void approve(Context ctx, boolean alwaysAllow) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.managed(ctx.pathParam("group"), v);
    Optional<HeldMessages.Held> h = target(ctx, g);
    if (h.isEmpty()) {
      back(ctx, g, Notice.GONE);
      return;
    }
    if (alwaysAllow && h.get().senderUnproven()) {
      back(ctx, g, Notice.UNPROVEN);
      return;
    }
    IngestResult result;
    try {
      result =
          alwaysAllow
              ? decisions.approveAndAllow(h.get().id(), by(v))
              : decisions.approve(h.get().id(), by(v));
    } catch (IllegalArgumentException gone) {
      back(ctx, g, Notice.GONE); // another moderator acted between the look and the approval
      return;
    }
    log.info(
        "held message {} to {}: approved{} by {}: {}",
        h.get().id(),
        g.name(),
        alwaysAllow ? ", its sender always allowed," : "",
        v.require().email(),
        result);
    switch (result) {
      case IngestResult.Accepted a ->
          back(
              ctx,
              g,
              a.duplicate()
                  ? Notice.ALREADY_POSTED
                  : alwaysAllow ? Notice.ALLOWED : Notice.APPROVED);
      case IngestResult.Discarded d -> back(ctx, g, Notice.DROPPED);
      case IngestResult.Refused r -> {
        ctx.status(HttpStatus.CONFLICT);
        render(
            ctx,
            v,
            g,
            "Not posted: a rule refuses it now ("
                + r.rule()
                + "): "
                + r.reason()
                + " It stays in the queue; reject or discard it.",
            true);
      }
      case IngestResult.Failed f -> {
        ctx.status(HttpStatus.SERVICE_UNAVAILABLE);
        render(ctx, v, g, "Not posted yet: " + f.reason() + " It stays in the queue.", true);
      }
      case IngestResult.NoRoom n -> {
        ctx.status(HttpStatus.SERVICE_UNAVAILABLE);
        render(ctx, v, g, "Not posted yet: " + n.reason() + " It stays in the queue.", true);
      }
      case IngestResult.Held again ->
          throw new IllegalStateException("an approved message was held again");
      case IngestResult.Quarantined q ->
          throw new IllegalStateException("an approved message was quarantined");
    }
  }

  private void reject(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.managed(ctx.pathParam("group"), v);
    Optional<HeldMessages.Held> h = target(ctx, g);
    if (h.isEmpty()) {
      back(ctx, g, Notice.GONE);
      return;
    }
    if (h.get().senderUnproven()) {
      back(ctx, g, Notice.UNPROVEN);
      return;
    }
    String reason = ctx.formParam("reason") == null ? "" : ctx.formParam("reason").strip();
    if (reason.isEmpty()) {
      ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
      render(
          ctx,
          v,
          g,
          "Write a reason to reject a message: its sender is mailed it. To drop a message without"
              + " telling anyone, discard it.",
          true);
      return;
    }
    RejectionNotice.Outcome outcome;
    try {
      outcome = decisions.reject(h.get().id(), reason, by(v));
    } catch (IOException e) {
      log.warn("could not reject held message {}: {}", h.get().id(), e.getMessage());
      throw new HttpError(
          503,
          "Please try again",
          "The message could not be rejected just now; it stays in the queue. Please try again in"
              + " a few minutes.");
    }
    log.info(
        "held message {} to {}: rejected by {}",
        h.get().id(),
        g.name(),
        v.require().email().value());
    back(
        ctx,
        g,
        switch (outcome) {
          case RejectionNotice.Outcome.Told t -> Notice.REJECTED;
          case RejectionNotice.Outcome.Untold u -> Notice.REJECTED_UNTOLD;
          case RejectionNotice.Outcome.Gone gone -> Notice.GONE;
        });
  }

  private void discard(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.managed(ctx.pathParam("group"), v);
    Optional<HeldMessages.Held> h = target(ctx, g);
    if (h.isEmpty() || !decisions.discard(h.get().id(), by(v))) {
      back(ctx, g, Notice.GONE);
      return;
    }
    log.info(
        "held message {} to {}: discarded by {}",
        h.get().id(),
        g.name(),
        v.require().email().value());
    back(ctx, g, Notice.DISCARDED);
  }

  private void ban(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.managed(ctx.pathParam("group"), v);
    Optional<HeldMessages.Held> h = target(ctx, g);
    if (h.isEmpty()) {
      back(ctx, g, Notice.GONE);
      return;
    }
    if (h.get().senderUnproven()) {
      back(ctx, g, Notice.UNPROVEN);
      return;
    }
    switch (decisions.banSender(h.get().id(), by(v))) {
      case HeldDecisions.Banned.Done d -> {
        log.info(
            "held message {} to {}: its sender {} banned by {}",
            h.get().id(),
            g.name(),
            d.address(),
            v.require().email().value());
        back(ctx, g, Notice.BANNED);
      }
      case HeldDecisions.Banned.NoAddress n -> back(ctx, g, Notice.NO_ADDRESS);
      case HeldDecisions.Banned.Unproven u -> back(ctx, g, Notice.UNPROVEN);
      case HeldDecisions.Banned.Gone gone -> back(ctx, g, Notice.GONE);
    }
  }

  private void removeAllowed(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.managed(ctx.pathParam("group"), v);
    String address = ctx.formParam("address") == null ? "" : ctx.formParam("address").strip();
    if (!EmailAddress.isValid(address)) {
      ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
      render(ctx, v, g, "Name the allowed sender's email address to stop allowing it.", true);
      return;
    }
    boolean removed = allowed.remove(g.id(), EmailAddress.of(address), by(v));
    back(ctx, g, removed ? Notice.UNALLOWED : Notice.NOT_ALLOWED);
  }
}
