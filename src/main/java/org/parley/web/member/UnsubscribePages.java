package org.parley.web.member;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;
import org.parley.group.Group;
import org.parley.group.GroupStore;
import org.parley.group.ListAddresses;
import org.parley.member.Member;
import org.parley.member.MemberStore;
import org.parley.web.Chrome;
import org.parley.web.HttpError;
import org.parley.web.Sessions;
import org.parley.web.Views;
import org.parley.web.WebServer;

/**
 * The unsubscribe URL every copy carries in {@code List-Unsubscribe} ({@code /u/<member-token>}). A
 * POST ends the membership at once: RFC 8058 one-click (the mail client posts {@code
 * List-Unsubscribe=One-Click} with no session, so this path takes no CSRF token; the member's
 * secret token is the proof). A GET only asks, because link scanners and previews follow links.
 *
 * <p>A link whose membership has already ended (its token was mailed in a copy, but no membership
 * holds it now) answers 200 saying so, on GET and POST alike: RFC 8058 clients retry the POST when
 * they miss the first answer, and must not be told the link is unknown (RELIABILITY item 16). A
 * token never mailed answers 404.
 */
public final class UnsubscribePages {
  /** The model of the confirmation page. */
  public record Confirm(Chrome chrome, String token, String groupTitle, String address) {}

  private final MemberStore members;
  private final GroupStore groups;
  private final Views views;
  private final ListAddresses addresses;

  public UnsubscribePages(MemberStore members, GroupStore groups, Views views, String domain) {
    this.members = members;
    this.groups = groups;
    this.views = views;
    this.addresses = new ListAddresses(domain);
  }

  public void register(RoutesConfig r) {
    r.get("/u/{token}", this::ask);
    r.post("/u/{token}", this::leave);
  }

  /** Whether a POST to {@code path} is exempt from the CSRF check (see the class comment). */
  public static boolean oneClick(String path) {
    return path.startsWith("/u/");
  }

  private record Found(Member member, Group group) {}

  /** The membership of the link, or null once it has ended (the page is then already rendered). */
  private Found find(Context ctx) {
    String token = ctx.pathParam("token");
    boolean wellFormed = token.matches("[0-9a-f]{16,64}");
    Optional<Member> member = wellFormed ? members.findByToken(token) : Optional.empty();
    Optional<Group> group = member.flatMap(m -> groups.findById(m.groupId()));
    if (member.isEmpty() && wellFormed) {
      Optional<Group> former = members.groupOfMailedToken(token).flatMap(groups::findById);
      if (former.isPresent()) {
        alreadyLeft(ctx, former.get());
        return null;
      }
    }
    if (member.isEmpty() || group.isEmpty()) {
      throw new HttpError(
          404,
          "This unsubscribe link is no longer valid",
          "Perhaps you have already left the group. If you still get its mail, write to the group's"
              + " owner.");
    }
    return new Found(member.get(), group.get());
  }

  private void alreadyLeft(Context ctx, Group g) {
    views.render(
        ctx,
        "message.jte",
        new WebServer.MessageModel(
            Chrome.of("Already unsubscribed", Sessions.viewer(ctx), "message"),
            "Already unsubscribed from " + g.title(),
            "This link's membership of "
                + addresses.post(g.name())
                + " has already ended: it gets no more mail from the group. You can join again"
                + " from the group's page.",
            200));
  }

  private void ask(Context ctx) {
    Found f = find(ctx);
    if (f == null) {
      return;
    }
    views.render(
        ctx,
        "member/unsubscribe.jte",
        new Confirm(
            Chrome.of("Leave " + f.group().title(), Sessions.viewer(ctx), "unsubscribe"),
            ctx.pathParam("token"),
            f.group().title(),
            addresses.post(f.group().name())));
  }

  private void leave(Context ctx) {
    Found f = find(ctx);
    if (f == null) {
      return;
    }
    members.remove(f.group().id(), f.member().accountId());
    views.render(
        ctx,
        "message.jte",
        new WebServer.MessageModel(
            Chrome.of("You have left " + f.group().title(), Sessions.viewer(ctx), "message"),
            "You have left " + f.group().title(),
            f.member().email()
                + " will get no more mail from "
                + addresses.post(f.group().name())
                + ". You can join again from the group's page.",
            200));
  }
}
