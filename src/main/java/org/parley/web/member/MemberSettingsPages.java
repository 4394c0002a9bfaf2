package org.parley.web.member;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.parley.archive.ArchiveReader;
import org.parley.archive.Subjects;
import org.parley.archive.Topic;
import org.parley.archive.TopicId;
import org.parley.crypto.Hmac;
import org.parley.crypto.Tokens;
import org.parley.group.AuditLog;
import org.parley.group.ChangedBy;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.GroupStore;
import org.parley.group.Links;
import org.parley.group.ListAddresses;
import org.parley.mailtext.MailTexts;
import org.parley.mailtext.SettingsLink;
import org.parley.member.DeliveryMode;
import org.parley.member.FeedKeys;
import org.parley.member.Member;
import org.parley.member.MemberStore;
import org.parley.member.SettingsLinks;
import org.parley.member.TopicChoice;
import org.parley.member.TopicChoices;
import org.parley.mime.Draft;
import org.parley.mime.Mailbox;
import org.parley.mime.MessageComposer;
import org.parley.web.Access;
import org.parley.web.Chrome;
import org.parley.web.Dates;
import org.parley.web.HttpError;
import org.parley.web.MailOut;
import org.parley.web.RateLimiter;
import org.parley.web.ReturnPath;
import org.parley.web.Sessions;
import org.parley.web.Urls;
import org.parley.web.Viewer;
import org.parley.web.Views;
import org.parley.web.WebServer;

/**
 * A member's own settings for one group ({@code /g/<group>/me}): how they get its mail, a copy of
 * their own posts, the topics they muted or follow, delivery turned back on when it was turned off,
 * and leaving; and all of a signed-in account's groups on one page ({@code /settings/groups}). The
 * "mute this topic" page of a conversation ({@code /g/<group>/t/<id>/mute}) is here too.
 *
 * <p>These pages are opened by a signed-in member, or by the signed link in the footer of every
 * copy ({@code ?k=<key>}, {@link SettingsLinks}), which opens that one membership's pages without a
 * session until it expires. A form on a page opened by a key carries the key and, in place of a
 * session's CSRF token, {@link SettingsLinks#formToken} of it ({@link #signedForm}). A GET never
 * changes anything, for mail scanners follow the links in copies. Changes are recorded in the
 * group's audit log as made by the member.
 *
 * <p>A group the viewer may not read is a 404, as everywhere; a public group the viewer is not a
 * member of says so (403), with a link to join. A member whose delivery is disabled reaches the
 * pages of a group only its active members read by the signed link of a copy: in a session they are
 * answered as anyone outside it.
 */
public final class MemberSettingsPages {
  /** One delivery mode offered, with the sentence that explains it. */
  public record Mode(String word, String label, String explanation, boolean chosen) {}

  /** A topic the member muted or follows, with the form that undoes it. */
  public record ChosenTopic(String subject, String url, String choice, String when, String undo) {}

  /**
   * The settings page of one membership.
   *
   * @param key the signed key the page was opened by, "" for a signed-in member
   * @param csrf the token its forms carry: the session's, or the key's form token
   * @param disabledWhy why delivery is turned off, a sentence; "" while it is on
   */
  public record MeModel(
      Chrome chrome,
      String groupTitle,
      String groupUrl,
      String address,
      String action,
      String key,
      String csrf,
      List<Mode> modes,
      boolean selfCopy,
      String disabledWhy,
      List<ChosenTopic> topics,
      String leaveUrl,
      String notice,
      Feeds feeds) {}

  /**
   * The group's feeds as the member's page offers them.
   *
   * @param addresses each feed with its full address; none on a page opened by a mail's signed link
   *     (a forwarded copy must not hand out addresses that never expire), nor while the membership
   *     is disabled
   * @param personal whether the addresses carry the member's own key (a group that visitors may not
   *     read), which the page says to keep to oneself
   */
  public record Feeds(List<FeedAddress> addresses, boolean personal) {}

  /** One feed of the group and its full address. */
  public record FeedAddress(String label, String url) {}

  /** The page that asks before leaving. */
  public record LeaveModel(
      Chrome chrome, String groupTitle, String address, String action, String key, String csrf) {}

  /**
   * The "mute this topic" page.
   *
   * @param choice the member's choice now: "mute", "follow" or ""
   * @param canFollow whether the member's mode sends no copies one by one (following then helps)
   */
  public record MuteModel(
      Chrome chrome,
      String groupTitle,
      String subject,
      String topicUrl,
      String action,
      String key,
      String csrf,
      String choice,
      boolean canFollow,
      String settingsUrl) {}

  /** One group on {@code /settings/groups}. */
  public record MyGroup(
      String title, String address, String meUrl, String action, List<Mode> modes, String state) {}

  public record MyGroupsModel(Chrome chrome, List<MyGroup> groups) {}

  /**
   * A link that expired or was altered.
   *
   * @param key an expired key, whose page offers to mail a fresh link; "" otherwise
   * @param csrf the expired key's form token; "" otherwise
   */
  public record BadLinkModel(
      Chrome chrome,
      String heading,
      String message,
      String signInUrl,
      String freshAction,
      String key,
      String csrf) {}

  /** A public group's page for a viewer who is not a member. */
  public record NotMemberModel(Chrome chrome, String groupTitle, String groupUrl) {}

  private final GroupStore groups;
  private final MemberStore members;
  private final TopicChoices choices;
  private final SettingsLinks links;
  private final FeedKeys feedKeys;
  private final ArchiveReader reader;
  private final Access access;
  private final Views views;
  private final Dates dates;
  private final ListAddresses addresses;
  private final MailOut mail;
  private final MessageComposer composer = new MessageComposer();
  private final MailTexts texts = new MailTexts();
  private final RateLimiter freshLinks;
  private final Clock clock;
  private final String domain;
  private final Supplier<String> baseUrl;

  /**
   * @param mail where a fresh link is queued for sending
   * @param baseUrl the site's public URL, for the fresh link
   */
  public MemberSettingsPages(
      GroupStore groups,
      MemberStore members,
      TopicChoices choices,
      SettingsLinks links,
      FeedKeys feedKeys,
      ArchiveReader reader,
      Access access,
      Views views,
      Dates dates,
      String domain,
      MailOut mail,
      Clock clock,
      Supplier<String> baseUrl) {
    this.groups = groups;
    this.members = members;
    this.choices = choices;
    this.links = links;
    this.feedKeys = feedKeys;
    this.reader = reader;
    this.access = access;
    this.views = views;
    this.dates = dates;
    this.addresses = new ListAddresses(domain);
    this.mail = mail;
    this.clock = clock;
    this.domain = domain;
    this.baseUrl = baseUrl;
    this.freshLinks = new RateLimiter(clock, 3, Duration.ofHours(1));
  }

  public void register(RoutesConfig r) {
    r.get(Urls.route("/me"), this::me);
    r.post(Urls.route("/me"), this::change);
    r.post(Urls.route("/me/enable"), this::enable);
    r.get(Urls.route("/me/leave"), this::askLeave);
    r.post(Urls.route("/me/leave"), this::leave);
    r.post(Urls.route("/me/link"), this::freshLink);
    r.get(Urls.route("/t/{topic}/mute"), this::mutePage);
    r.post(Urls.route("/t/{topic}/mute"), this::choose);
    r.get(Links.myGroups(), this::myGroups);
  }

  /**
   * Whether a POST is a form of a page opened by a signed link: it carries a key the site made and
   * the key's form token ({@link SettingsLinks#formToken}). The site takes such a form without a
   * session's token; the page then acts only for the key's membership, and only while the key is
   * valid (an expired key can only ask for a fresh link, mailed to the member).
   */
  public boolean signedForm(Context ctx) {
    String key = ctx.formParam("k");
    String sent = ctx.formParam("csrf");
    return key != null
        && !key.isEmpty()
        && sent != null
        && !(links.read(key) instanceof SettingsLinks.Reading.Invalid)
        && Hmac.same(sent, links.formToken(key));
  }

  /**
   * Whose settings a request is about: the membership of the signed key it carries, or the
   * signed-in viewer's.
   *
   * @param key the key, "" when the page was opened in a session
   */
  private record Who(Group group, Member member, String key, String csrf, Viewer viewer) {
    ChangedBy by() {
      return new ChangedBy.SignedIn(member.accountId());
    }

    String me() {
      return withKey(Links.me(group.name().value()));
    }

    String withKey(String path) {
      return key.isEmpty() ? path : path + "?k=" + key;
    }
  }

  /** The membership the request is about; null when a page was rendered instead. */
  private Who who(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    String key = ctx.method().name().equals("POST") ? ctx.formParam("k") : ctx.queryParam("k");
    if (key != null && !key.isEmpty()) {
      return byKey(ctx, v, key);
    }
    // a member whose delivery is off may no longer read a private group, yet these are their pages
    Group g =
        access
            .ofOwnMembership(ctx.pathParam("group"), v)
            .orElseGet(() -> access.readable(ctx.pathParam("group"), v));
    if (!v.signedIn()) {
      throw HttpError.signInFirst();
    }
    Optional<Member> m = access.membership(g, v);
    if (m.isEmpty()) {
      if (!g.isPublic()) {
        throw HttpError.notFound();
      }
      ctx.status(403);
      views.render(
          ctx,
          "member/notmember.jte",
          new NotMemberModel(
              Chrome.of("Not a member of " + g.title(), v, "message"),
              g.title(),
              Urls.group(g.name().value())));
      return null;
    }
    return new Who(g, m.get(), "", v.csrf(), v);
  }

  private Who byKey(Context ctx, Viewer v, String key) {
    SettingsLinks.Reading reading = links.read(key);
    String signIn = ReturnPath.parse(ctx.path()).loginUrl();
    if (reading instanceof SettingsLinks.Reading.Expired) {
      ctx.status(410);
      views.render(
          ctx,
          "member/badlink.jte",
          new BadLinkModel(
              Chrome.of("This link has expired", v, "message"),
              "This link has expired",
              "Links in the group's mail work for "
                  + SettingsLinks.LIFETIME.toDays()
                  + " days. The link at the foot of a newer message from the group works; we can"
                  + " also mail a new link to the address this one was for, or you can sign in to"
                  + " change your settings.",
              signIn,
              Links.me(nameIn(ctx.pathParam("group"))) + "/link",
              key,
              links.formToken(key)));
      return null;
    }
    Optional<Member> m =
        reading instanceof SettingsLinks.Reading.Valid valid
            ? members.findByToken(valid.token())
            : Optional.empty();
    Optional<Group> g = m.flatMap(x -> groups.findById(x.groupId()));
    if (m.isEmpty()
        || g.isEmpty()
        || !g.get().name().value().equals(nameIn(ctx.pathParam("group")))) {
      badLink(
          ctx,
          v,
          403,
          "This link is not valid",
          "It may have been cut short or changed on the way, or its membership has ended. Copy the"
              + " whole link from the message, use the link in a newer message from the group, or"
              + " sign in to change your settings.",
          signIn);
      return null;
    }
    return new Who(g.get(), m.get(), key, links.formToken(key), v);
  }

  /** The group name a URL's segment names, or "" when it names none. */
  private static String nameIn(String segment) {
    try {
      return GroupName.of(segment).value();
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private void badLink(
      Context ctx, Viewer v, int status, String heading, String message, String signIn) {
    ctx.status(status);
    views.render(
        ctx,
        "member/badlink.jte",
        new BadLinkModel(Chrome.of(heading, v, "message"), heading, message, signIn, "", "", ""));
  }

  /**
   * Mails the member of a link a fresh one: asked from the page of an expired link (or a valid
   * one), which proves it was a copy's; the new link goes to the member's own address, never to
   * whoever asks. At most three an hour per membership.
   */
  private void freshLink(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    String key = ctx.formParam("k");
    Optional<Member> m =
        switch (links.read(key)) {
          case SettingsLinks.Reading.Valid valid -> members.findByToken(valid.token());
          case SettingsLinks.Reading.Expired expired -> members.findByToken(expired.token());
          case SettingsLinks.Reading.Invalid invalid -> Optional.empty();
        };
    Optional<Group> g = m.flatMap(x -> groups.findById(x.groupId()));
    if (m.isEmpty()
        || g.isEmpty()
        || !g.get().name().value().equals(nameIn(ctx.pathParam("group")))) {
      badLink(
          ctx,
          v,
          403,
          "This link is not valid",
          "Its membership has ended, or the link was changed on the way. Sign in to see your"
              + " groups.",
          ReturnPath.HOME.loginUrl());
      return;
    }
    if (!freshLinks.tryAcquire(m.get().token())) {
      throw new HttpError(
          429,
          "A new link is on its way",
          "New links were mailed for this membership within the hour. Please look for them in"
              + " your mail, or try again later.");
    }
    Group group = g.get();
    String link =
        baseUrl.get() + Links.me(group.name().value()) + "?k=" + links.key(m.get().token());
    String text =
        texts.render(
            new SettingsLink(
                baseUrl.get(),
                group.title(),
                addresses.post(group.name()),
                link,
                SettingsLinks.LIFETIME.toDays()));
    Draft draft =
        new Draft(
            Tokens.hex(16) + "@" + domain,
            clock.instant(),
            new Mailbox("Parley", "noreply@" + domain),
            List.of(new Mailbox("", m.get().email().value())),
            List.of(),
            null,
            "Your settings for " + group.title(),
            null,
            List.of(),
            text,
            null,
            Map.of("Auto-Submitted", "auto-generated"));
    try {
      mail.queue(
          draft.messageId(),
          "noreply@" + domain,
          List.of(m.get().email().value()),
          composer.compose(draft));
    } catch (IOException e) {
      throw new HttpError(
          503,
          "Please try again",
          "The link could not be prepared for sending just now. Please try again in a few"
              + " minutes.");
    }
    views.render(
        ctx,
        "message.jte",
        new WebServer.MessageModel(
            Chrome.of("A new link is on its way", v, "message"),
            "A new link is on its way",
            "We mailed a new link to your settings for "
                + group.title()
                + " to the address this link was for.",
            200));
  }

  private void me(Context ctx) {
    Who w = who(ctx);
    if (w == null) {
      return;
    }
    render(ctx, w, notice(ctx.queryParam("done")));
  }

  private void render(Context ctx, Who w, String notice) {
    Group g = w.group();
    Member m = w.member();
    String name = g.name().value();
    List<ChosenTopic> topics = new ArrayList<>();
    // a member whose delivery is off reads a private group no more: not even its subjects here
    List<TopicChoices.Chosen> chosen = reads(w) ? choices.list(g.id(), m.accountId()) : List.of();
    for (TopicChoices.Chosen c : chosen) {
      String subject = Subjects.clean(c.subject());
      topics.add(
          new ChosenTopic(
              subject.isEmpty() ? "(no subject)" : subject,
              Links.topic(name, c.topicId()),
              c.choice() == TopicChoice.MUTE ? "Muted" : "Followed by mail",
              dates.show(c.at(), w.viewer().zone()).absolute(),
              Links.mute(name, c.topicId())));
    }
    views.render(
        ctx,
        "member/me.jte",
        new MeModel(
            Chrome.of("Your mail from " + g.title(), w.viewer(), "member-settings"),
            g.title(),
            Urls.group(name),
            addresses.post(g.name()),
            Links.me(name),
            w.key(),
            w.csrf(),
            modes(m.delivery()),
            m.selfCopy(),
            disabledWhy(m),
            topics,
            w.withKey(Links.me(name) + "/leave"),
            notice,
            feeds(w)));
  }

  /**
   * The group's feeds for the member: the public addresses of a public group; in any other group,
   * addresses with the member's own key ({@link FeedKeys}), which work as long as the membership
   * does. None to a member who may not read the group (one only its managers read): its feeds would
   * answer them 404.
   */
  private Feeds feeds(Who w) {
    if (!w.key().isEmpty() || !w.member().active() || !access.canRead(w.group(), w.viewer())) {
      return new Feeds(List.of(), false);
    }
    Group g = w.group();
    String name = g.name().value();
    boolean personal = !g.isPublic();
    String key = personal ? "?key=" + feedKeys.key(w.member()) : "";
    String base = baseUrl.get();
    return new Feeds(
        List.of(
            new FeedAddress("New topics", base + Links.topicsFeed(name) + key),
            new FeedAddress("All posts", base + Links.postsFeed(name) + key)),
        personal);
  }

  private static String notice(String done) {
    if (done == null) {
      return "";
    }
    return switch (done) {
      case "saved" -> "Your settings are saved.";
      case "enabled" -> "Delivery is on again.";
      case "topic" -> "Your choice for the topic is saved.";
      default -> "";
    };
  }

  /** Why delivery is off, in a sentence; "" while it is on. */
  private static String disabledWhy(Member m) {
    if (m.active()) {
      return "";
    }
    if (m.disabledReason() == null) {
      return "Mail from this group to you is turned off.";
    }
    return switch (m.disabledReason()) {
      case BOUNCES ->
          "Mail from this group to you is turned off, because messages to "
              + m.email()
              + " kept coming back undelivered.";
      case COMPLAINT ->
          "Mail from this group to you is turned off, because your mail provider reported a"
              + " message from the group as spam.";
      case OWNER -> "Mail from this group to you was turned off by the group's owners.";
    };
  }

  static List<Mode> modes(DeliveryMode chosen) {
    return List.of(
        new Mode(
            "each",
            "Every message",
            "A copy of each message as it is posted.",
            chosen == DeliveryMode.EACH),
        new Mode(
            "digest",
            "Digest",
            "One message a day (or a week, as the group is set) with all of that period's posts.",
            chosen == DeliveryMode.DIGEST),
        new Mode(
            "abridged",
            "Summary",
            "One message a day with the subjects, authors and first lines, and links to read on.",
            chosen == DeliveryMode.ABRIDGED),
        new Mode(
            "none",
            "No email",
            "Nothing by mail: read on the web (topics you follow still come by mail).",
            chosen == DeliveryMode.NONE));
  }

  private static DeliveryMode mode(String word) {
    try {
      return DeliveryMode.of(word == null ? "" : word);
    } catch (IllegalArgumentException e) {
      throw new HttpError(
          400,
          "Choose how you get mail",
          "Choose one of: every message, digest, summary or no email.");
    }
  }

  /** Changes the delivery mode and the copy of one's own posts. */
  private void change(Context ctx) {
    Who w = who(ctx);
    if (w == null) {
      return;
    }
    DeliveryMode mode = mode(ctx.formParam("delivery"));
    boolean fromList = Links.myGroups().equals(ctx.formParam("back"));
    boolean selfCopy = fromList ? w.member().selfCopy() : "on".equals(ctx.formParam("self_copy"));
    Member m = w.member();
    AuditLog audit = groups.auditLog();
    String who = "member:" + m.email();
    if (mode != m.delivery()) {
      members.setDelivery(w.group().id(), m.accountId(), mode);
      audit.action(w.group().id(), w.by(), "delivery", who, mode.word());
    }
    if (selfCopy != m.selfCopy()) {
      members.setSelfCopy(w.group().id(), m.accountId(), selfCopy);
      audit.action(w.group().id(), w.by(), "self-copy", who, selfCopy ? "on" : "off");
    }
    if (fromList) {
      ctx.redirect(Links.myGroups() + "?done=saved", HttpStatus.SEE_OTHER);
    } else {
      ctx.redirect(done(w, "saved"), HttpStatus.SEE_OTHER);
    }
  }

  private static String done(Who w, String what) {
    String me = w.me();
    return me + (me.contains("?") ? "&" : "?") + "done=" + what;
  }

  /** Turns delivery back on, whatever turned it off. */
  private void enable(Context ctx) {
    Who w = who(ctx);
    if (w == null) {
      return;
    }
    if (!w.member().active()) {
      members.reenable(w.group().id(), w.member().accountId());
      groups
          .auditLog()
          .action(w.group().id(), w.by(), "reenable", "member:" + w.member().email(), "active");
    }
    ctx.redirect(done(w, "enabled"), HttpStatus.SEE_OTHER);
  }

  private void askLeave(Context ctx) {
    Who w = who(ctx);
    if (w == null) {
      return;
    }
    views.render(
        ctx,
        "member/leave.jte",
        new LeaveModel(
            Chrome.of("Leave " + w.group().title(), w.viewer(), "message"),
            w.group().title(),
            addresses.post(w.group().name()),
            Links.me(w.group().name().value()) + "/leave",
            w.key(),
            w.csrf()));
  }

  private void leave(Context ctx) {
    Who w = who(ctx);
    if (w == null) {
      return;
    }
    Group g = w.group();
    members.remove(g.id(), w.member().accountId());
    groups.auditLog().action(g.id(), w.by(), "leave", "member:" + w.member().email(), "left");
    if (w.key().isEmpty()) {
      // as leaving from the group's page: to the group when it is public, else to the front page
      ctx.redirect(g.isPublic() ? Urls.group(g.name().value()) : "/", HttpStatus.SEE_OTHER);
      return;
    }
    views.render(
        ctx,
        "message.jte",
        new WebServer.MessageModel(
            Chrome.of("You have left " + g.title(), w.viewer(), "message"),
            "You have left " + g.title(),
            w.member().email()
                + " will get no more mail from "
                + addresses.post(g.name())
                + ". You can join again from the group's page.",
            200));
  }

  /**
   * Whether the member may read the group's posts: an active member does; one whose delivery is off
   * does only where anyone they are may read (a public group).
   */
  private boolean reads(Who w) {
    return w.member().active() || access.canRead(w.group(), w.viewer());
  }

  /** The topic of the URL, in the membership's group, if the member may read it; otherwise 404. */
  private Topic topic(Context ctx, Who w) {
    if (!reads(w)) {
      throw HttpError.notFound();
    }
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("topic"));
    } catch (NumberFormatException e) {
      throw HttpError.notFound();
    }
    return reader
        .topic(new TopicId(id))
        .filter(t -> t.groupId() == w.group().id())
        .orElseThrow(HttpError::notFound);
  }

  private void mutePage(Context ctx) {
    Who w = who(ctx);
    if (w == null) {
      return;
    }
    Topic t = topic(ctx, w);
    String name = w.group().name().value();
    String subject = Subjects.clean(t.subject());
    Optional<TopicChoice> now = choices.of(w.group().id(), w.member().accountId(), t.id().value());
    views.render(
        ctx,
        "member/mute.jte",
        new MuteModel(
            Chrome.of("Mail for one topic", w.viewer(), "member-settings"),
            w.group().title(),
            subject.isEmpty() ? "(no subject)" : subject,
            Links.topic(name, t.id().value()),
            Links.mute(name, t.id().value()),
            w.key(),
            w.csrf(),
            now.map(TopicChoice::word).orElse(""),
            w.member().delivery() != DeliveryMode.EACH,
            w.me()));
  }

  /** Mutes, follows, or forgets the choice about a topic ({@code choice}: mute, follow, none). */
  private void choose(Context ctx) {
    Who w = who(ctx);
    if (w == null) {
      return;
    }
    Topic t = topic(ctx, w);
    String choice = ctx.formParam("choice");
    long groupId = w.group().id();
    if ("none".equals(choice)) {
      choices.clear(groupId, w.member().accountId(), t.id().value());
    } else if ("mute".equals(choice) || "follow".equals(choice)) {
      choices.set(groupId, w.member().accountId(), t.id().value(), TopicChoice.of(choice));
    } else {
      throw new HttpError(400, "Choose mute or follow", "Choose to mute the topic or follow it.");
    }
    String back = ctx.formParam("back");
    String topicUrl = Links.topic(w.group().name().value(), t.id().value());
    if (w.key().isEmpty() && topicUrl.equals(back)) {
      ctx.redirect(topicUrl, HttpStatus.SEE_OTHER);
    } else {
      ctx.redirect(done(w, "topic"), HttpStatus.SEE_OTHER);
    }
  }

  private void myGroups(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    if (!v.signedIn()) {
      throw HttpError.signInFirst();
    }
    List<MyGroup> mine = new ArrayList<>();
    for (Member m : members.ofAccount(v.require().id())) {
      Optional<Group> g = groups.findById(m.groupId());
      if (g.isEmpty()) {
        continue;
      }
      String name = g.get().name().value();
      mine.add(
          new MyGroup(
              g.get().title(),
              addresses.post(g.get().name()),
              Links.me(name),
              Links.me(name),
              modes(m.delivery()),
              m.active() ? "" : disabledWhy(m)));
    }
    views.render(
        ctx,
        "member/mygroups.jte",
        new MyGroupsModel(Chrome.of("Your groups", v, "member-settings"), mine));
  }
}
