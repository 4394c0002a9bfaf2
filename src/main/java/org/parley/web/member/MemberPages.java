package org.parley.web.member;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.parley.account.Account;
import org.parley.account.AccountId;
import org.parley.account.EmailAddress;
import org.parley.bounce.DeliveryState;
import org.parley.delivery.Enrolments;
import org.parley.group.ChangedBy;
import org.parley.group.Confirmations;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.GroupStore;
import org.parley.group.Links;
import org.parley.group.ListAddresses;
import org.parley.member.Banned;
import org.parley.member.Bans;
import org.parley.member.Member;
import org.parley.member.Role;
import org.parley.member.Roster;
import org.parley.web.Access;
import org.parley.web.Chrome;
import org.parley.web.Dates;
import org.parley.web.HttpError;
import org.parley.web.ReturnPath;
import org.parley.web.Sessions;
import org.parley.web.Viewer;
import org.parley.web.Views;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group's members ({@code /g/<group>/members}) and the invitation link's page ({@code
 * /g/<group>/invite/<token>}).
 *
 * <p>The list shows those the group's {@code member-list} setting admits ({@link
 * Access#canSeeMembers}): name, role, when they joined and when they last posted, searched by name
 * or address ({@code ?q=}) and a page at a time. Addresses are shown to those who run the group,
 * and to members when the group shows addresses; delivery mode and bounce state only to those who
 * run it. Anyone else gets the 404 of a group they may not read, and a signed-out visitor of a
 * group they may read is asked to sign in.
 *
 * <p>Those who run the group (its active owners and managers, and site admins) get the controls,
 * each a plain form answered 303 back to the list with a notice: change a role (owners and site
 * admins only), remove a member (only they remove an owner), ban an address or a domain (which
 * removes the members it covers) and lift a ban, add members directly (each mailed a welcome,
 * capped per day) and invite by mail. A group always keeps an owner. Every change is recorded in
 * the group's audit log ({@link Roster}, {@link Enrolments}).
 */
public final class MemberPages {
  private static final Logger log = LoggerFactory.getLogger(MemberPages.class);

  /** How many members a page of the list shows. */
  static final int PAGE_SIZE = 50;

  /**
   * One member as the list shows them.
   *
   * @param address the address, or "" where the viewer may not see it
   * @param delivery the delivery mode, or "" for a viewer who does not run the group
   * @param bounce the delivery state ({@link DeliveryState}: active, bouncing with its score, or
   *     disabled and why); "" for a viewer who does not run the group
   * @param lastPost when they last posted, or null for never
   */
  public record MemberRow(
      long account,
      String name,
      String address,
      String role,
      String delivery,
      String bounce,
      Dates.Shown joined,
      Dates.Shown lastPost) {}

  /** A ban as the list shows it. */
  public record BanRow(String pattern, String reason, Dates.Shown at) {}

  /**
   * The members page.
   *
   * @param manages whether the viewer runs the group: the controls, delivery and bounce columns
   * @param setsRoles whether the viewer may change roles (owners and site admins)
   * @param addresses whether the address column is shown
   */
  public record MembersModel(
      Chrome chrome,
      String groupName,
      String groupTitle,
      String groupUrl,
      String membersUrl,
      String notice,
      String query,
      List<MemberRow> members,
      int total,
      int page,
      int pages,
      String previousUrl,
      String nextUrl,
      boolean manages,
      boolean setsRoles,
      boolean addresses,
      List<BanRow> bans,
      int maxDirectAdds,
      List<String> roles) {}

  /**
   * The invitation's page.
   *
   * @param invited the address the invitation was sent to
   * @param viewer the signed-in viewer's address, or "" for a visitor
   * @param member whether the viewer is a member already
   */
  public record InviteModel(
      Chrome chrome,
      String groupTitle,
      String description,
      String address,
      String invited,
      String viewer,
      boolean member,
      String action,
      String groupUrl,
      String signInUrl) {}

  /** What an action answers with, as the {@code done} parameter of the list it returns to. */
  enum Notice {
    ROLE("role", "The role is changed."),
    REMOVED("removed", "The member is removed."),
    BANNED(
        "banned", "Banned: mail from it is refused, and it cannot join, be added or be invited."),
    BANNED_REMOVED("banned-removed", "Banned, and the members it covers are removed."),
    UNBANNED("unbanned", "The ban is lifted."),
    ADDED("added", "Added: each new member is mailed a welcome."),
    INVITED("invited", "Invited: each is mailed a link that joins the group, good for 14 days."),
    NOTHING("nothing", "Nothing needed changing.");

    final String word;
    final String sentence;

    Notice(String word, String sentence) {
      this.word = word;
      this.sentence = sentence;
    }

    static String sentence(String word) {
      for (Notice n : values()) {
        if (n.word.equals(word)) {
          return n.sentence;
        }
      }
      return "";
    }
  }

  private static final String GONE =
      "This invitation link has been used or has expired (links work once, for 14 days). Ask the"
          + " people who run the group for a new one.";

  private final GroupStore groups;
  private final Roster roster;
  private final Bans bans;
  private final Enrolments enrolments;
  private final Access access;
  private final Views views;
  private final Dates dates;
  private final ListAddresses addresses;

  public MemberPages(
      GroupStore groups,
      Roster roster,
      Bans bans,
      Enrolments enrolments,
      Access access,
      Views views,
      Dates dates,
      String domain) {
    this.groups = groups;
    this.roster = roster;
    this.bans = bans;
    this.enrolments = enrolments;
    this.access = access;
    this.views = views;
    this.dates = dates;
    this.addresses = new ListAddresses(domain);
  }

  public void register(RoutesConfig r) {
    r.get(Links.GROUPS + "{group}/members", this::list);
    r.post(Links.GROUPS + "{group}/members/role", this::role);
    r.post(Links.GROUPS + "{group}/members/remove", this::remove);
    r.post(Links.GROUPS + "{group}/members/ban", this::ban);
    r.post(Links.GROUPS + "{group}/members/unban", this::unban);
    r.post(Links.GROUPS + "{group}/members/add", this::add);
    r.post(Links.GROUPS + "{group}/members/invite", this::invite);
    r.get(Links.GROUPS + "{group}/invite/{token}", this::invitation);
    r.post(Links.GROUPS + "{group}/invite/{token}", this::accept);
  }

  /** {@code /g/<group>/members}. */
  public static String url(String group) {
    return Links.group(group) + "members";
  }

  private void list(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.readable(ctx.pathParam("group"), v);
    if (!access.canSeeMembers(g, v)) {
      if (!v.signedIn()) {
        throw HttpError.signInFirst();
      }
      throw HttpError.notFound();
    }
    String name = g.name().value();
    String query = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip();
    if (query.length() > 200) {
      throw new HttpError(400, "Search too long", "Search for at most 200 characters.");
    }
    int total = roster.count(g.id(), query);
    int pages = Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
    int page;
    try {
      page = Integer.parseInt(ctx.queryParam("page") == null ? "1" : ctx.queryParam("page"));
    } catch (NumberFormatException e) {
      throw new HttpError(400, "No such page", "The page number must be a whole number.");
    }
    if (page < 1 || page > pages) {
      throw HttpError.notFound();
    }
    boolean manages = access.canManage(g, v);
    boolean shown = manages || access.seesAddresses(g, v);
    ZoneId zone = v.zone();
    List<MemberRow> rows = new ArrayList<>();
    for (Roster.Row row : roster.list(g.id(), query, (page - 1) * PAGE_SIZE, PAGE_SIZE)) {
      Member m = row.member();
      rows.add(
          new MemberRow(
              m.accountId().value(),
              shownName(m),
              shown ? m.email().value() : "",
              m.role().word(),
              manages ? m.delivery().word() : "",
              manages ? DeliveryState.of(m) : "",
              dates.show(m.joinedAt(), zone),
              row.lastPost().map(at -> dates.show(at, zone)).orElse(null)));
    }
    List<BanRow> banRows = new ArrayList<>();
    if (manages) {
      for (Bans.Ban b : bans.list(g.id())) {
        banRows.add(new BanRow(b.pattern(), b.reason(), dates.show(b.at(), zone)));
      }
    }
    String base = url(name);
    views.render(
        ctx,
        "member/members.jte",
        new MembersModel(
            Chrome.of("Members: " + g.title(), v, "members"),
            name,
            g.title(),
            Links.group(name),
            base,
            Notice.sentence(ctx.queryParam("done")),
            query,
            rows,
            total,
            page,
            pages,
            page > 1 ? pageUrl(base, query, page - 1) : "",
            page < pages ? pageUrl(base, query, page + 1) : "",
            manages,
            setsRoles(g, v),
            shown,
            banRows,
            enrolments.maxDirectAddsPerDay(),
            List.of(Role.MEMBER.word(), Role.MANAGER.word(), Role.OWNER.word())));
  }

  private static String pageUrl(String base, String query, int page) {
    List<String> params = new ArrayList<>(2);
    if (!query.isEmpty()) {
      params.add("q=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
    }
    if (page > 1) {
      params.add("page=" + page);
    }
    return params.isEmpty() ? base : base + "?" + String.join("&", params);
  }

  /** A member's name for the list: the name they gave, else their address's local part. */
  private static String shownName(Member m) {
    if (m.displayName() != null && !m.displayName().isBlank()) {
      return m.displayName().strip();
    }
    return m.email().value().substring(0, m.email().value().indexOf('@'));
  }

  /** Whether the viewer may change roles and remove or ban owners: an owner, or a site admin. */
  private boolean setsRoles(Group g, Viewer v) {
    return v.siteAdmin()
        || access
            .membership(g, v)
            .filter(Member::active)
            .map(m -> m.role() == Role.OWNER)
            .orElse(false);
  }

  private static ChangedBy by(Viewer v) {
    return new ChangedBy.SignedIn(v.require().id());
  }

  private void back(Context ctx, Group g, Notice notice) {
    ctx.redirect(url(g.name().value()) + "?done=" + notice.word, HttpStatus.SEE_OTHER);
  }

  /** The member a form names by its {@code account} field; a 404 when it names none. */
  private static AccountId account(Context ctx) {
    try {
      return new AccountId(Long.parseLong(String.valueOf(ctx.formParam("account"))));
    } catch (NumberFormatException e) {
      throw new HttpError(400, "No member named", "The form did not say which member.");
    }
  }

  private static HttpError refused(Roster.Refused r) {
    return r.lastOwner()
        ? new HttpError(409, "The group needs an owner", r.getMessage())
        : HttpError.forbidden(r.getMessage());
  }

  private void role(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.managed(ctx.pathParam("group"), v);
    if (!setsRoles(g, v)) {
      throw HttpError.forbidden("Only the group's owners can change roles.");
    }
    AccountId account = account(ctx);
    Role role;
    try {
      role = Role.of(String.valueOf(ctx.formParam("role")));
    } catch (IllegalArgumentException e) {
      throw new HttpError(422, "No such role", "A role is member, manager or owner.");
    }
    try {
      boolean changed = roster.setRole(g.id(), account, role, by(v));
      back(ctx, g, changed ? Notice.ROLE : Notice.NOTHING);
    } catch (Roster.Refused r) {
      throw refused(r);
    }
  }

  private void remove(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.managed(ctx.pathParam("group"), v);
    AccountId account = account(ctx);
    try {
      boolean removed = roster.remove(g.id(), account, setsRoles(g, v), by(v));
      back(ctx, g, removed ? Notice.REMOVED : Notice.NOTHING);
    } catch (Roster.Refused r) {
      throw refused(r);
    }
  }

  private void ban(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.managed(ctx.pathParam("group"), v);
    String pattern = ctx.formParam("pattern");
    String reason = ctx.formParam("reason") == null ? "" : ctx.formParam("reason").strip();
    if (reason.length() > 500) {
      throw new HttpError(422, "Reason too long", "Write a reason of at most 500 characters.");
    }
    try {
      List<Member> removed = roster.ban(g.id(), pattern, reason, setsRoles(g, v), by(v));
      log.info("{}: {} banned by {}", g.name(), pattern, v.require().email());
      back(ctx, g, removed.isEmpty() ? Notice.BANNED : Notice.BANNED_REMOVED);
    } catch (IllegalArgumentException e) {
      throw new HttpError(422, "Not an address or a domain", sentence(e.getMessage()));
    } catch (Roster.Refused r) {
      throw refused(r);
    }
  }

  private void unban(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.managed(ctx.pathParam("group"), v);
    try {
      boolean lifted = bans.unban(g.id(), ctx.formParam("pattern"), by(v));
      back(ctx, g, lifted ? Notice.UNBANNED : Notice.NOTHING);
    } catch (IllegalArgumentException e) {
      throw new HttpError(422, "Not an address or a domain", sentence(e.getMessage()));
    }
  }

  private void add(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.managed(ctx.pathParam("group"), v);
    List<EmailAddress> list = addresses(ctx);
    try {
      Enrolments.Outcome o = enrolments.addDirectly(g, list, note(ctx), by(v));
      back(ctx, g, o.done().isEmpty() ? Notice.NOTHING : Notice.ADDED);
    } catch (Enrolments.OverCap e) {
      throw new HttpError(429, "Too many added today", e.getMessage());
    } catch (Banned e) {
      throw new HttpError(409, "A banned address", e.getMessage());
    } catch (IOException e) {
      throw unavailable(e);
    }
  }

  private void invite(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = access.managed(ctx.pathParam("group"), v);
    List<EmailAddress> list = addresses(ctx);
    Account me = v.require();
    String inviter =
        me.displayName() == null || me.displayName().isBlank()
            ? me.email().value()
            : me.displayName().strip();
    try {
      Enrolments.Outcome o = enrolments.invite(g, list, inviter, note(ctx), by(v));
      back(ctx, g, o.done().isEmpty() ? Notice.NOTHING : Notice.INVITED);
    } catch (Banned e) {
      throw new HttpError(409, "A banned address", e.getMessage());
    } catch (IOException e) {
      throw unavailable(e);
    }
  }

  private static List<EmailAddress> addresses(Context ctx) {
    try {
      return Enrolments.parse(ctx.formParam("addresses"));
    } catch (IllegalArgumentException e) {
      throw new HttpError(422, "Not an address", e.getMessage() + " Nobody was added or invited.");
    }
  }

  private static String note(Context ctx) {
    String note = ctx.formParam("note") == null ? "" : ctx.formParam("note").strip();
    if (note.length() > 2000) {
      throw new HttpError(422, "Note too long", "Write a note of at most 2000 characters.");
    }
    return note;
  }

  private static HttpError unavailable(IOException e) {
    log.warn("members could not be added or invited: {}", e.toString());
    return new HttpError(
        503,
        "Please try again",
        "Nothing was changed just now; please try again in a few minutes.");
  }

  private static String sentence(String s) {
    String t = Character.toUpperCase(s.charAt(0)) + s.substring(1);
    return t.endsWith(".") ? t : t + ".";
  }

  /**
   * The group an invitation link names, and its live invitation; a 410 saying the link is used or
   * expired otherwise, the same for a group that does not exist, so the page reveals no group.
   */
  private Group invited(Context ctx) {
    Optional<Group> g;
    try {
      g = groups.find(GroupName.of(ctx.pathParam("group")));
    } catch (IllegalArgumentException e) {
      g = Optional.empty();
    }
    if (g.isEmpty() || enrolments.invitation(g.get(), ctx.pathParam("token")).isEmpty()) {
      throw new HttpError(410, "This invitation is used or expired", GONE);
    }
    return g.get();
  }

  private void invitation(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = invited(ctx);
    Confirmations.Confirmation c = enrolments.invitation(g, ctx.pathParam("token")).orElseThrow();
    String name = g.name().value();
    views.render(
        ctx,
        "member/invite.jte",
        new InviteModel(
            Chrome.of("Invitation: " + g.title(), v, "invite"),
            g.title(),
            g.description(),
            addresses.post(g.name()),
            c.address(),
            v.account().map(a -> a.email().value()).orElse(""),
            access.membership(g, v).isPresent(),
            ctx.path(),
            Links.group(name),
            ReturnPath.of(ctx).loginUrl()));
  }

  private void accept(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = invited(ctx);
    Account me = v.account().orElseThrow(HttpError::signInFirst);
    Enrolments.Accepted a;
    try {
      a = enrolments.accept(g, ctx.pathParam("token"), me);
    } catch (Banned e) {
      throw HttpError.forbidden(e.getMessage());
    } catch (IOException e) {
      throw unavailable(e);
    }
    switch (a) {
      case Enrolments.Accepted.Joined j ->
          ctx.redirect(Links.group(g.name().value()), HttpStatus.SEE_OTHER);
      case Enrolments.Accepted.AlreadyMember m ->
          ctx.redirect(Links.group(g.name().value()), HttpStatus.SEE_OTHER);
      case Enrolments.Accepted.Gone gone ->
          throw new HttpError(410, "This invitation is used or expired", GONE);
    }
  }
}
