package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.account.EmailAddress;
import org.parley.group.ChangedBy;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.Joining;
import org.parley.group.Moderation;
import org.parley.group.Posting;
import org.parley.group.ReplyTo;
import org.parley.ingest.Envelope;
import org.parley.ingest.IngestResult;
import org.parley.ingest.Source;
import org.parley.ingest.Submission;
import org.parley.member.DeliveryMode;
import org.parley.member.Member;
import org.parley.member.Role;
import org.parley.mime.Sizes;

/**
 * The role matrix (issue 18, item 2; docs/roles.md): every POST route the running site registers,
 * sent as a browser sends it (a real form with the session's CSRF token) by every kind of viewer,
 * to a public and to a private group. {@link #MATRIX} is the one table of expected answers. A cell
 * that is allowed must answer 303 and do the thing (the state the route changes is read back and
 * differs); a refused cell must answer as the table says and change nothing, and a private group's
 * 404 must read exactly as that of a group that does not exist. A POST route that the site
 * registers without a row in the table fails {@link #everyPostRouteHasARow}, by name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleMatrixIT {
  /**
   * The expected answers. Columns are the viewers; rows a route and the group's <em>who can
   * read</em> ("site" for a route about no group). Both groups are open to join, take posts from
   * members only and hold non-members' mail for a moderator. A cell says:
   *
   * <ul>
   *   <li>{@code ok}: 303, and the thing is done;
   *   <li>{@code same}: 303, and there was nothing to change (leaving a group one is not in,
   *       showing a post's images, which only grants a key for the next page);
   *   <li>{@code sign in}: 403 asking to sign in, nothing changed;
   *   <li>{@code 403}, {@code 404}: that answer, nothing changed (404: the group may not be seen).
   * </ul>
   */
  static final String MATRIX =
      """
      | route                                 | group   | visitor | signed in | member | manager | owner | site admin | other owner |
      | /admin/groups                         | site    | 403     | 403       | 403    | 403     | 403   | ok         | 403         |
      | /g/{group}/join                       | public  | sign in | ok        | same   | same    | same  | ok         | ok          |
      | /g/{group}/join                       | private | 404     | 404       | same   | same    | same  | ok         | 404         |
      | /g/{group}/ask                        | public  | sign in | ok        | same   | same    | same  | ok         | ok          |
      | /g/{group}/ask                        | private | 404     | 404       | same   | same    | same  | ok         | 404         |
      | /g/{group}/leave                      | public  | sign in | same      | ok     | ok      | ok    | same       | same        |
      | /g/{group}/leave                      | private | 404     | 404       | ok     | ok      | ok    | same       | 404         |
      | /g/{group}/new                        | public  | sign in | 403       | ok     | ok      | ok    | 403        | 403         |
      | /g/{group}/new                        | private | 404     | 404       | ok     | ok      | ok    | 403        | 404         |
      | /g/{group}/t/{topic}/reply            | public  | sign in | 403       | ok     | ok      | ok    | 403        | 403         |
      | /g/{group}/t/{topic}/reply            | private | 404     | 404       | ok     | ok      | ok    | 403        | 404         |
      | /g/{group}/p/{post}/reply-author      | public  | sign in | ok        | ok     | ok      | ok    | ok         | ok          |
      | /g/{group}/p/{post}/reply-author      | private | 404     | 404       | ok     | ok      | ok    | ok         | 404         |
      | /g/{group}/p/{post}/forward           | public  | sign in | ok        | ok     | ok      | ok    | ok         | ok          |
      | /g/{group}/p/{post}/forward           | private | 404     | 404       | ok     | ok      | ok    | ok         | 404         |
      | /g/{group}/p/{post}/show-images       | public  | same    | same      | same   | same    | same  | same       | same        |
      | /g/{group}/p/{post}/show-images       | private | 404     | 404       | same   | same    | same  | same       | 404         |
      | /g/{group}/settings                   | public  | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/settings                   | private | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/import                     | public  | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/import                     | private | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/digest/send                | public  | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/digest/send                | private | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/pending/{id}/approve       | public  | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/pending/{id}/approve       | private | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/pending/{id}/reject        | public  | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/pending/{id}/reject        | private | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/pending/{id}/discard       | public  | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/pending/{id}/discard       | private | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/pending/{id}/allow         | public  | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/pending/{id}/allow         | private | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/pending/{id}/ban           | public  | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/pending/{id}/ban           | private | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/pending/allowed/remove     | public  | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/pending/allowed/remove     | private | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/p/{post}/remove            | public  | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/p/{post}/remove            | private | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/requests/{id}/approve      | public  | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/requests/{id}/approve      | private | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/requests/{id}/decline      | public  | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/requests/{id}/decline      | private | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/members/role               | public  | sign in | 404       | 404    | 403     | ok    | ok         | 404         |
      | /g/{group}/members/role               | private | sign in | 404       | 404    | 403     | ok    | ok         | 404         |
      | /g/{group}/members/remove             | public  | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/members/remove             | private | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/members/ban                | public  | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/members/ban                | private | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/members/unban              | public  | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/members/unban              | private | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/members/add                | public  | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/members/add                | private | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/members/invite             | public  | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/members/invite             | private | sign in | 404       | 404    | ok      | ok    | ok         | 404         |
      | /g/{group}/me                         | public  | sign in | 403       | ok     | ok      | ok    | 403        | 403         |
      | /g/{group}/me                         | private | 404     | 404       | ok     | ok      | ok    | 404        | 404         |
      | /g/{group}/me/enable                  | public  | sign in | 403       | same   | same    | same  | 403        | 403         |
      | /g/{group}/me/enable                  | private | 404     | 404       | same   | same    | same  | 404        | 404         |
      | /g/{group}/me/leave                   | public  | sign in | 403       | ok     | ok      | ok    | 403        | 403         |
      | /g/{group}/me/leave                   | private | 404     | 404       | ok     | ok      | ok    | 404        | 404         |
      | /g/{group}/t/{topic}/mute             | public  | sign in | 403       | ok     | ok      | ok    | 403        | 403         |
      | /g/{group}/t/{topic}/mute             | private | 404     | 404       | ok     | ok      | ok    | 404        | 404         |
      """;

  /**
   * POST routes outside the matrix, each with the reason: they act on the viewer's own session or
   * account, or on a token mailed to one address, never on a group by role, and their own tests
   * cover them.
   */
  static final Map<String, String> OWN_ACCOUNT_ROUTES =
      Map.of(
          "/login", "signs in the one who knows the password (AccountsIT, SignInThrottleF6IT)",
          "/logout", "ends the viewer's own session (AccountsIT)",
          "/signup", "mails a sign-up link to the address given (AccountsIT)",
          "/signup/finish", "finishes a sign-up with the mailed token (AccountsIT)",
          "/profile", "changes the viewer's own profile (AccountsIT)",
          "/u/{token}", "leaves a group with the token from its mail (UnsubscribeIT)",
          "/g/{group}/me/link",
              "mails a fresh settings link to the member whose signed link it is (MemberSettingsIT)",
          "/confirm/{token}",
              "joins or leaves with the token mailed to one address (JoiningByMailIT)",
          "/g/{group}/invite/{token}",
              "joins a group with the token from an invitation mailed to one address (MembersIT)");

  static final List<String> VIEWERS =
      List.of("visitor", "signed in", "member", "manager", "owner", "site admin", "other owner");

  private static final Pattern ACTION = Pattern.compile("^/g/[^/]+/");

  WebSite web;
  Group pub;
  Group priv;
  final Map<String, Account> accounts = new LinkedHashMap<>();

  /** The member whose role the members page's forms change and whom they remove. */
  Account target;

  final Map<String, WebClient> clients = new LinkedHashMap<>();
  final Map<Long, Long> topicOf = new LinkedHashMap<>();
  final Map<Long, Long> postOf = new LinkedHashMap<>();
  int created;

  @BeforeAll
  void start(@TempDir Path dir) {
    web = new WebSite(dir);
    pub = open(web.group("agora", true));
    priv = open(web.group("cellar", false));
    Group other = web.group("elsewhere", false);
    accounts.put("signed in", web.account("sid@example.com", "Sid Stranger", ZoneId.of("UTC")));
    accounts.put("member", web.account("mem@example.com", "Mia Member", ZoneId.of("UTC")));
    accounts.put("manager", web.account("man@example.com", "Max Manager", ZoneId.of("UTC")));
    accounts.put("owner", web.account("own@example.com", "Olga Owner", ZoneId.of("UTC")));
    accounts.put("site admin", web.account("adm@example.com", "Ada Admin", ZoneId.of("UTC")));
    accounts.put("other owner", web.account("oth@example.com", "Otto Other", ZoneId.of("UTC")));
    web.site.accounts().setSiteAdmin(accounts.get("site admin").id(), true);
    target = web.account("tara@example.com", "Tara Target", ZoneId.of("UTC"));
    for (Group g : List.of(pub, priv)) {
      web.site.members().add(g.id(), target.id(), Role.MEMBER, DeliveryMode.NONE);
      add(g, "member", Role.MEMBER);
      add(g, "manager", Role.MANAGER);
      add(g, "owner", Role.OWNER);
      IngestResult.Accepted a =
          web.mail(
              g.name().value(),
              WebSite.message(
                  g.name().value(),
                  "Mia Member <mem@example.com>",
                  "first@" + g.name().value(),
                  "First words",
                  null,
                  "Hello."));
      postOf.put(g.id(), a.post().value());
      topicOf.put(g.id(), a.topic().value());
      web.site.groups().update(group(g).withModeration(Moderation.NON_MEMBERS, 1));
    }
    web.site
        .members()
        .add(other.id(), accounts.get("other owner").id(), Role.OWNER, DeliveryMode.NONE);
    clients.put("visitor", web.client());
    accounts.forEach(
        (who, a) -> {
          WebClient c = web.client();
          c.login(a.email().value(), WebSite.PASSWORD);
          clients.put(who, c);
        });
  }

  @AfterAll
  void stop() {
    web.close();
  }

  private Group open(Group g) {
    Group h = g.withJoining(Joining.OPEN, g.footer()).withPosting(Posting.MEMBERS, ReplyTo.GROUP);
    web.site.groups().update(h);
    return h;
  }

  private void add(Group g, String who, Role role) {
    web.site.members().add(g.id(), accounts.get(who).id(), role, DeliveryMode.NONE);
  }

  private Group group(Group g) {
    return web.site.groups().find(g.name()).orElseThrow();
  }

  /** The paths of every POST route the running site registered. */
  private List<String> postRoutes() {
    return web.site.webRoutes().stream()
        .filter(r -> r.startsWith("POST "))
        .map(r -> r.substring("POST ".length()))
        .toList();
  }

  @Test
  void everyPostRouteHasARow() {
    Set<String> inTable = new LinkedHashSet<>();
    rows().forEach(r -> inTable.add(r.route()));
    List<String> missing = new ArrayList<>();
    List<String> posted = postRoutes();
    for (String route : posted) {
      if (!inTable.contains(route) && !OWN_ACCOUNT_ROUTES.containsKey(route)) {
        missing.add(route);
      }
    }
    assertThat(missing)
        .as(
            "The site registers POST %s with no row in RoleMatrixIT's MATRIX: write down who may"
                + " send it (docs/roles.md) before it ships",
            missing)
        .isEmpty();
    assertThat(posted)
        .as("every row of the matrix is a route the site still registers")
        .containsAll(inTable);
    for (String route : inTable) {
      List<String> groups =
          rows().stream().filter(r -> r.route().equals(route)).map(Row::group).toList();
      assertThat(groups)
          .as(
              "the rows of %s: one for a public and one for a private group, or one for the site",
              route)
          .isIn(List.of("public", "private"), List.of("site"));
    }
  }

  @Test
  void everyViewerGetsTheAnswerTheMatrixGives() {
    List<String> wrong = new ArrayList<>();
    for (Row row : rows()) {
      for (int i = 0; i < VIEWERS.size(); i++) {
        String who = VIEWERS.get(i);
        String expected = row.cells().get(i);
        String problem = send(row, who, expected);
        if (problem != null) {
          wrong.add(row.route() + " (" + row.group() + ") as " + who + ": " + problem);
        }
      }
    }
    assertThat(wrong).as("cells of the matrix that do not hold").isEmpty();
  }

  /** Sends one cell's request; null when it answered and acted as the cell says. */
  private String send(Row row, String who, String expected) {
    Group g = "private".equals(row.group()) ? priv : pub;
    Account me = accounts.get(who);
    WebClient c = clients.get(who);
    long held =
        row.route().contains("/pending/")
            ? hold(g)
            : row.route().contains("/requests/") ? request(g) : 0;
    // a removal gets a post of its own: the others act on the group's first post, which stays
    long post = row.route().endsWith("/remove") ? removable(g) : postOf.get(g.id());
    String path =
        row.route()
            .replace("{group}", g.name().value())
            .replace("{topic}", Long.toString(topicOf.get(g.id())))
            .replace("{post}", Long.toString(post))
            .replace("{id}", Long.toString(held));
    Optional<Member> before =
        me == null ? Optional.empty() : web.site.members().find(g.id(), me.id());
    String name = "made" + (++created);
    Map<String, String> form = form(row.route(), g, name);
    if (row.route().endsWith("/allowed/remove")) {
      web.site.allowedSenders().allow(g.id(), ZED, new ChangedBy.CommandLine("test"));
    }
    web.awaitMailSent();
    String state = state(row.route(), g, me, name, row.route().endsWith("/remove") ? post : held);
    form.put("csrf", csrf(c));
    HttpResponse<String> r = post(c, row.route(), path, form);
    awaitImports();
    web.awaitMailSent();
    String after = state(row.route(), g, me, name, row.route().endsWith("/remove") ? post : held);
    restore(g, me, before);
    // the next cells hold zed's mail again: neither banned nor always allowed
    web.site.bans().unban(g.id(), ZED.value(), new ChangedBy.CommandLine("test"));
    web.site.allowedSenders().remove(g.id(), ZED, new ChangedBy.CommandLine("test"));
    String got = r.statusCode() + "";
    if (r.body().contains("This form has expired")) {
      return "the form's CSRF token was refused (" + got + "), so the route itself was not asked";
    }
    if (r.statusCode() == 404 && !g.isPublic()) {
      // the 404 of a private group must read as the 404 of a group that does not exist
      HttpResponse<String> none =
          post(c, row.route(), path.replace("/g/" + g.name().value() + "/", "/g/nosuch/"), form);
      String shown = r.body().replace(g.name().value(), "nosuch");
      if (none.statusCode() != 404 || !none.body().equals(shown)) {
        return "its 404 differs from that of a group that does not exist";
      }
    }
    return switch (expected) {
      case "ok" ->
          r.statusCode() != 303
              ? "expected 303, got " + got
              : state.equals(after) ? "answered 303 but changed nothing (" + state + ")" : null;
      case "same" ->
          r.statusCode() != 303
              ? "expected 303, got " + got
              : state.equals(after) ? null : "changed " + state + " to " + after;
      case "sign in" ->
          r.statusCode() != 403 || !r.body().contains("Please sign in")
              ? "expected 403 asking to sign in, got " + got
              : state.equals(after) ? null : "refused but changed " + state + " to " + after;
      default ->
          !got.equals(expected)
              ? "expected " + expected + ", got " + got
              : state.equals(after) ? null : "refused but changed " + state + " to " + after;
    };
  }

  /**
   * Sends the form as its page does: the import's upload as a multipart form with its token in the
   * action and a one-message mbox, every other form as it is.
   */
  private static HttpResponse<String> post(
      WebClient c, String route, String path, Map<String, String> form) {
    if (!route.endsWith("/import")) {
      return c.postRaw(path, form);
    }
    byte[] mbox =
        ("From zed@example.net Mon Jan  5 10:00:00 2015\n"
                + WebSite.message(
                    "old",
                    "Zed <zed@example.net>",
                    "imported-" + System.nanoTime() + "@old",
                    "From the old list",
                    null,
                    "History."))
            .getBytes(StandardCharsets.UTF_8);
    return c.postMultipart(
        path + "?csrf=" + java.net.URLEncoder.encode(form.get("csrf"), StandardCharsets.UTF_8),
        Map.of(),
        List.of(new WebClient.FilePart("files", "old.mbox", mbox)));
  }

  /** Waits until every import an allowed cell started has ended, so it changes no later cell. */
  private void awaitImports() {
    org.awaitility.Awaitility.await("the imports end")
        .atMost(java.time.Duration.ofSeconds(30))
        .until(
            () -> count("SELECT COUNT(*) FROM imports WHERE state IN ('queued', 'running')") == 0);
  }

  /** The form the route's page sends, filled in; the CSRF token is added by the caller. */
  private Map<String, String> form(String route, Group g, String name) {
    Map<String, String> form = new LinkedHashMap<>();
    String action = ACTION.matcher(route).replaceFirst("");
    switch (action) {
      case "/admin/groups" -> {
        form.put("name", name);
        form.put("title", "Made");
        form.put("description", "");
        form.put("visibility", "private");
      }
      case "new" -> {
        form.put("subject", "A new topic " + name);
        form.put("body", "Words for " + name + ".");
      }
      case "t/{topic}/reply" -> {
        form.put("parent", Long.toString(postOf.get(g.id())));
        form.put("body", "A reply " + name + ".");
      }
      case "p/{post}/reply-author" -> {
        form.put("subject", "Re: First words");
        form.put("body", "Privately, " + name + ".");
      }
      case "p/{post}/forward" -> {
        form.put("to", "friend@example.org");
        form.put("subject", "Fwd: First words");
        form.put("body", "Look, " + name + ".");
      }
      case "settings" -> {
        Group now = group(g);
        form.put("title", "Title " + name);
        form.put("description", now.description());
        form.put("visibility", now.visibility().word());
        form.put("posting", now.posting().word());
        form.put("joining", now.joining().word());
        form.put("reply_to", now.replyTo().word());
        form.put("moderation", now.moderation().word());
        form.put("moderate_first", Integer.toString(now.moderateFirst()));
        form.put("subject_prefix", now.subjectPrefix());
        form.put("footer", now.footer());
        form.put("max_size", Sizes.of(now.maxBytes()));
      }
      // sending the digests now closes the period at now: a second later, there is one to close
      case "digest/send" -> web.clock.advance(java.time.Duration.ofSeconds(1));
      case "pending/{id}/reject" -> form.put("reason", "Not for this group.");
      case "ask" -> form.put("reason", "I would like to read along.");
      case "requests/{id}/decline" -> form.put("reason", "Members only.");
      case "pending/allowed/remove" -> form.put("address", ZED.value());
      case "members/role" -> {
        form.put("account", Long.toString(target.id().value()));
        form.put("role", "manager");
      }
      case "members/remove" -> form.put("account", Long.toString(target.id().value()));
      case "members/ban" -> {
        form.put("pattern", name + "@example.net");
        form.put("reason", "Spam.");
      }
      case "members/unban" -> {
        web.site.bans().ban(g.id(), name + "@example.net", "", new ChangedBy.CommandLine("test"));
        form.put("pattern", name + "@example.net");
      }
      case "members/add", "members/invite" -> form.put("addresses", name + "@example.net");
      case "me" -> form.put("delivery", "digest");
      case "t/{topic}/mute" -> form.put("choice", "mute");
      default -> {}
    }
    return form;
  }

  /** What the route would change, read back from the site. */
  private String state(String route, Group g, Account me, String name, long held) {
    String action = ACTION.matcher(route).replaceFirst("");
    return switch (action) {
      case "/admin/groups" ->
          "group " + name + ": " + web.site.groups().find(new GroupName(name)).isPresent();
      case "join", "leave", "ask", "me/leave" ->
          "membership: "
              + (me == null
                  ? "none"
                  : web.site
                      .members()
                      .find(g.id(), me.id())
                      .map(m -> m.role().toString())
                      .orElse("none"));
      case "new", "t/{topic}/reply" ->
          "posts: " + count("SELECT COUNT(*) FROM posts WHERE group_id = " + g.id());
      case "p/{post}/reply-author", "p/{post}/forward" ->
          "mail sent: " + count("SELECT COUNT(*) FROM captured_mail");
      case "settings" -> "title: " + group(g).title();
      case "import" ->
          "imports: " + count("SELECT COUNT(*) FROM imports WHERE group_id = " + g.id());
      case "digest/send" ->
          "digests since: "
              + count("SELECT COALESCE(digest_since, 0) FROM site_groups WHERE id = " + g.id());
      case "pending/{id}/approve",
          "pending/{id}/reject",
          "pending/{id}/discard",
          "pending/{id}/allow",
          "pending/{id}/ban" ->
          "held: " + count("SELECT COUNT(*) FROM held_messages WHERE id = " + held);
      case "pending/allowed/remove" ->
          "allowed: " + count("SELECT COUNT(*) FROM allowed_senders WHERE group_id = " + g.id());
      case "p/{post}/remove" ->
          "removed: "
              + count("SELECT COUNT(*) FROM posts WHERE removed_at IS NOT NULL AND id = " + held);
      case "requests/{id}/approve", "requests/{id}/decline" ->
          "request waits: " + count("SELECT COUNT(*) FROM join_requests WHERE id = " + held);
      case "members/role", "members/remove" ->
          "target: "
              + web.site
                  .members()
                  .find(g.id(), target.id())
                  .map(m -> m.role().toString())
                  .orElse("none");
      case "members/ban", "members/unban" ->
          "bans: " + count("SELECT COUNT(*) FROM group_bans WHERE group_id = " + g.id());
      case "members/add" ->
          "members: " + count("SELECT COUNT(*) FROM members WHERE group_id = " + g.id());
      case "members/invite" ->
          "invitations: "
              + count(
                  "SELECT COUNT(*) FROM confirmations WHERE action = 'invite' AND group_id = "
                      + g.id());
      case "me", "me/enable" ->
          "own settings: "
              + (me == null
                  ? "none"
                  : web.site
                      .members()
                      .find(g.id(), me.id())
                      .map(m -> m.delivery() + " " + m.status())
                      .orElse("none"));
      case "t/{topic}/mute" ->
          "topic choices: "
              + count(
                  "SELECT COUNT(*) FROM member_topics WHERE group_id = "
                      + g.id()
                      + (me == null ? "" : " AND account_id = " + me.id().value()));
      default -> "nothing stored";
    };
  }

  /**
   * Puts back what an allowed cell changed that later cells rely on: memberships, and the target of
   * the members page's forms as a member.
   */
  private void restore(Group g, Account me, Optional<Member> before) {
    web.site.members().remove(g.id(), target.id());
    web.site.members().add(g.id(), target.id(), Role.MEMBER, DeliveryMode.NONE);
    if (me == null) {
      return;
    }
    Optional<Member> now = web.site.members().find(g.id(), me.id());
    if (before.isEmpty() && now.isPresent()) {
      web.site.members().remove(g.id(), me.id());
    } else if (before.isPresent() && now.isEmpty()) {
      web.site.members().add(g.id(), me.id(), before.get().role(), DeliveryMode.NONE);
    } else if (before.isPresent()) {
      // a member's own settings, as they were
      web.site.members().setDelivery(g.id(), me.id(), before.get().delivery());
      web.site.topicChoices().clear(g.id(), me.id(), topicOf.get(g.id()));
    }
  }

  /** The non-member whose mail {@link #hold} holds. */
  static final EmailAddress ZED = EmailAddress.of("zed@example.net");

  /** Holds a non-member's message for the group's moderators; its held id. */
  private long hold(Group g) {
    String raw =
        WebSite.message(
                g.name().value(),
                "Zed Outsider <zed@example.net>",
                "held-" + (++created) + "@example.net",
                "From outside",
                null,
                "Let me in.")
            .replace("\n", "\r\n");
    IngestResult r =
        web.site
            .ingestor()
            .submit(
                new Submission(
                    g.name(),
                    raw.getBytes(StandardCharsets.UTF_8),
                    new Envelope(
                        "zed@example.net", List.of(g.name().value() + "@lists.test"), "test"),
                    Source.SMTP));
    assertThat(r).isInstanceOf(IngestResult.Held.class);
    return ((IngestResult.Held) r).id();
  }

  /** A member's post in a topic of its own, for a removal to act on; its id. */
  private long removable(Group g) {
    return web.mail(
            g.name().value(),
            WebSite.message(
                g.name().value(),
                "Mia Member <mem@example.com>",
                "removable-" + (++created) + "@" + g.name().value(),
                "To remove " + created,
                null,
                "Spam, say."))
        .post()
        .value();
  }

  /** A stranger's request to join the group, waiting for its moderators; its id. */
  private long request(Group g) {
    Account asker = web.account("asker" + (++created) + "@example.net", "Asker", ZoneId.of("UTC"));
    return web.site
        .admissions()
        .requests()
        .ask(g.id(), asker.id(), "Let me in.")
        .orElseThrow()
        .id();
  }

  private long count(String sql) {
    return web.site.db().jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  /** The session's CSRF token, as a page the viewer may open carries it. */
  private static String csrf(WebClient c) {
    HttpResponse<String> home = c.get("/");
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"").matcher(home.body());
    return m.find() ? m.group(1) : WebClient.csrf(c.get("/login").body());
  }

  record Row(String route, String group, List<String> cells) {}

  static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (String line : MATRIX.strip().split("\n")) {
      List<String> cells = new ArrayList<>();
      for (String cell : line.strip().replaceAll("^\\||\\|$", "").split("\\|")) {
        cells.add(cell.strip());
      }
      if (cells.get(0).equals("route")) {
        assertThat(cells.subList(2, cells.size())).isEqualTo(VIEWERS);
        continue;
      }
      rows.add(new Row(cells.get(0), cells.get(1), cells.subList(2, cells.size())));
    }
    return rows;
  }
}
