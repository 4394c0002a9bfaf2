package org.parley.web;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.parley.account.AccountStore;
import org.parley.account.Passwords;
import org.parley.account.SessionStore;
import org.parley.account.SignupTokens;
import org.parley.archive.ArchiveReader;
import org.parley.archive.PostRemoval;
import org.parley.archive.ReadMarks;
import org.parley.archive.TopicViews;
import org.parley.crypto.Hmac;
import org.parley.delivery.Enrolments;
import org.parley.delivery.RejectionNotice;
import org.parley.digest.Digests;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.GroupStore;
import org.parley.imports.Imports;
import org.parley.imports.Uploads;
import org.parley.ingest.Ingestor;
import org.parley.ingest.Quarantine;
import org.parley.mailcommand.Admissions;
import org.parley.mailcommand.Subscriptions;
import org.parley.member.Bans;
import org.parley.member.FeedKeys;
import org.parley.member.MemberStore;
import org.parley.member.Roster;
import org.parley.member.SettingsLinks;
import org.parley.member.TopicChoices;
import org.parley.mime.MessageComposer;
import org.parley.moderation.AllowedSenders;
import org.parley.moderation.HeldMessages;
import org.parley.review.HeldDecisions;
import org.parley.search.SearchIndex;
import org.parley.web.account.AccountPages;
import org.parley.web.account.SignInThrottle;
import org.parley.web.admin.AdminPages;
import org.parley.web.admin.CapturedMailbox;
import org.parley.web.feed.FeedPages;
import org.parley.web.group.ConfirmPages;
import org.parley.web.group.DigestPages;
import org.parley.web.group.GroupPages;
import org.parley.web.group.ImportPages;
import org.parley.web.group.JoinRequestPages;
import org.parley.web.group.MboxPages;
import org.parley.web.group.SettingsPages;
import org.parley.web.member.MemberPages;
import org.parley.web.member.MemberSettingsPages;
import org.parley.web.member.UnsubscribePages;
import org.parley.web.moderation.PendingPages;
import org.parley.web.post.ComposePages;
import org.parley.web.post.Markdown;
import org.parley.web.post.Posting;
import org.parley.web.post.PrivateMailPages;
import org.parley.web.search.SearchPages;
import org.parley.web.topic.TopicPages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web edge: Javalin 7 on Jetty with virtual threads, server-rendered jte pages enhanced by
 * htmx, our own CSS and JS under {@code /assets/}. The URL contract is docs/urls.md. Around every
 * route: the viewer is read from the session cookie, security headers are set, every POST must
 * carry the session's CSRF token (else 403), and any failure becomes a page a person understands —
 * never a stack trace.
 */
public final class WebServer implements AutoCloseable {
  /** The largest request body taken: forms and posts; files go to groups by email. */
  static final long MAX_REQUEST_BYTES = 1_000_000;

  /**
   * A request attribute a page sets when it answers an error status with a page of its own (a
   * compose form's 413, with the text kept), which the site's error pages must not replace.
   */
  public static final String PAGE_ANSWERED = "parley.page-answered";

  private static final Logger log = LoggerFactory.getLogger(WebServer.class);
  private static final Map<String, String> ASSETS =
      Map.of(
          "/assets/parley.css", "web/parley.css|text/css; charset=utf-8",
          "/assets/parley.js", "web/parley.js|text/javascript; charset=utf-8",
          "/assets/favicon.svg", "web/favicon.svg|image/svg+xml",
          "/assets/htmx.min.js",
              "META-INF/resources/webjars/htmx.org/2.0.4/dist/htmx.min.js|text/javascript; charset=utf-8");

  /** Everything the web needs from the site, wired by {@code app.Site}. */
  public record Parts(
      String host,
      int port,
      String baseUrl,
      String domain,
      Clock clock,
      GroupStore groups,
      AccountStore accounts,
      MemberStore members,
      Passwords passwords,
      ArchiveReader reader,
      ReadMarks readMarks,
      TopicViews topicViews,
      SessionStore sessionStore,
      SignupTokens signupTokens,
      Ingestor ingestor,
      SearchIndex search,
      MailOut mailOut,
      CapturedMailbox captured,
      Quarantine quarantine,
      TrustedProxies trustedProxies,
      HeldMessages held,
      RejectionNotice rejections,
      HeldDecisions decisions,
      AllowedSenders allowedSenders,
      PostRemoval removals,
      Admissions admissions,
      Subscriptions subscriptions,
      Roster roster,
      Bans bans,
      Enrolments enrolments,
      SettingsLinks settingsLinks,
      TopicChoices topicChoices,
      Digests digests,
      FeedKeys feedKeys,
      Imports imports,
      Uploads uploads,
      long maxImportBytes) {}

  private final Parts parts;
  private final Views views = new Views();
  private final Sessions sessions;
  private final MemberSettingsPages memberSettingsPages;
  private Javalin app;

  public WebServer(Parts p) {
    this.parts = p;
    this.access = new Access(p.groups(), p.members());
    this.sessions =
        new Sessions(p.sessionStore(), p.accounts(), p.baseUrl().startsWith("https:"), p.clock());
    this.memberSettingsPages =
        new MemberSettingsPages(
            p.groups(),
            p.members(),
            p.topicChoices(),
            p.settingsLinks(),
            p.feedKeys(),
            p.reader(),
            access,
            views,
            new Dates(p.clock()),
            p.domain(),
            p.mailOut(),
            p.clock(),
            this::baseUrl);
  }

  /** Starts listening; returns once the port is bound. */
  public synchronized WebServer start() {
    Parts p = parts;
    Access access = this.access;
    Dates dates = new Dates(p.clock());
    Markdown markdown = new Markdown();
    MessageComposer composer = new MessageComposer();
    Posting posting =
        new Posting(p.ingestor(), p.reader(), composer, markdown, p.clock(), p.domain());
    JoinRequestPages joinRequestPages = new JoinRequestPages(p.admissions(), access, views, dates);
    GroupPages groupPages =
        new GroupPages(
            p.groups(),
            p.members(),
            p.reader(),
            p.readMarks(),
            p.held(),
            access,
            views,
            dates,
            p.domain(),
            joinRequestPages);
    SettingsPages settingsPages =
        new SettingsPages(
            p.groups(), p.accounts(), access, views, dates, p.ingestor().maxBytes(), p.domain());
    TopicPages topicPages =
        new TopicPages(
            p.reader(),
            p.readMarks(),
            p.topicViews(),
            access,
            views,
            dates,
            posting,
            markdown,
            p.domain(),
            p.clock(),
            sessions,
            p.removals(),
            p.search(),
            p.topicChoices());
    ComposePages composePages = new ComposePages(access, views, posting, markdown, p.domain());
    PrivateMailPages mailPages =
        new PrivateMailPages(
            p.reader(),
            access,
            views,
            p.mailOut(),
            composer,
            posting,
            new RateLimiter(p.clock(), 20, Duration.ofHours(1)),
            new RateLimiter(p.clock(), 10, Duration.ofHours(1)),
            p.clock(),
            p.domain(),
            this::baseUrl);
    AccountPages accountPages =
        new AccountPages(
            p.accounts(),
            p.passwords(),
            p.signupTokens(),
            sessions,
            views,
            p.mailOut(),
            composer,
            posting,
            new SignInThrottle(p.clock()),
            new RateLimiter(p.clock(), 5, Duration.ofHours(1)),
            p.clock(),
            p.domain(),
            this::baseUrl);
    AdminPages adminPages = new AdminPages(p.captured(), p.quarantine(), views, dates);
    SearchPages searchPages =
        new SearchPages(p.search(), p.groups(), access, views, dates, p.domain());
    PendingPages pendingPages =
        new PendingPages(p.held(), p.decisions(), p.allowedSenders(), access, views, dates);
    MemberPages memberPages =
        new MemberPages(
            p.groups(), p.roster(), p.bans(), p.enrolments(), access, views, dates, p.domain());
    UnsubscribePages unsubscribePages =
        new UnsubscribePages(p.members(), p.groups(), views, p.domain());
    app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.showOldJavalinVersionWarning = false;
              // Jetty's pool of platform threads: handlers write through sqlite-jdbc, whose
              // native calls would pin virtual threads' carriers (docs/adr/0003).
              cfg.concurrency.useVirtualThreads = false;
              cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
              // a multipart body read by any page but the import's, which sets its own limits
              cfg.jetty.multipartConfig.maxTotalRequestSize(MAX_REQUEST_BYTES, SizeUnit.BYTES);
              cfg.jetty.multipartConfig.maxFileSize(MAX_REQUEST_BYTES, SizeUnit.BYTES);
              boolean https = https();
              cfg.jetty.modifyServer(
                  server -> server.setErrorHandler(SecurityHeaders.jettyErrors(https)));
              // ctx.ip() is the peer, or the client a trusted proxy names: Javalin's default
              // believes any X-Forwarded-For, which lets a client pick its own address (F6).
              TrustedProxies proxies = p.trustedProxies();
              cfg.contextResolver.ip =
                  ctx -> proxies.client(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
              cfg.router.ignoreTrailingSlashes = true;
              RoutesConfig r = cfg.routes;
              r.before(this::before);
              r.get("/assets/{name}", this::asset);
              r.get( // browsers ask for it whatever the page links
                  "/favicon.ico",
                  ctx -> ctx.redirect("/assets/favicon.svg", HttpStatus.MOVED_PERMANENTLY));
              groupPages.register(r);
              settingsPages.register(r);
              topicPages.register(r);
              composePages.register(r);
              mailPages.register(r);
              accountPages.register(r);
              adminPages.register(r);
              unsubscribePages.register(r);
              memberPages.register(r);
              memberSettingsPages.register(r);
              pendingPages.register(r);
              joinRequestPages.register(r);
              new DigestPages(access, p.digests()).register(r);
              new MboxPages(p.reader(), access).register(r);
              new ImportPages(
                      access, views, dates, p.imports(), p.uploads(), p.maxImportBytes(), p.clock())
                  .register(r);
              new ConfirmPages(p.subscriptions(), sessions, views).register(r);
              searchPages.register(r);
              new FeedPages(
                      p.groups(),
                      p.accounts(),
                      p.reader(),
                      p.feedKeys(),
                      access,
                      p.domain(),
                      this::baseUrl,
                      p.clock())
                  .register(r);
              r.exception(HttpError.class, this::httpError);
              r.exception(Exception.class, this::failure);
              r.error(404, this::notFound);
              r.error(405, this::notFound);
              r.error(413, this::tooLarge);
            });
    app.start(p.host(), p.port());
    return this;
  }

  /**
   * The site's public URL for links in mail: the configured base URL, with the real port when the
   * server was started on port 0 (tests, demo).
   */
  public String baseUrl() {
    String base = parts.baseUrl();
    return app != null && base.endsWith(":0")
        ? base.substring(0, base.length() - 1) + app.port()
        : base;
  }

  /** Whether the site's public URL is https: then HSTS, and the session cookie is Secure. */
  private boolean https() {
    return parts.baseUrl().startsWith("https:");
  }

  /** The port the server listens on (useful when started on port 0). */
  public int port() {
    return app.port();
  }

  /**
   * Every route the running server registered, as its method and its path as written at
   * registration (such as {@code POST /g/{group}/join}): what the role-matrix and privacy tests
   * send, so a route added later without a place in them fails them.
   */
  public java.util.List<String> routes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .map(e -> e.endpoint)
        .map(e -> e.method.name() + " " + e.path)
        .toList();
  }

  /** Who may see and do what (also asked here, for a renamed group's old pages). */
  private final Access access;

  /** Marks a response whose error page a handler already rendered. */
  private static final String EXPLAINED = "parley.error-explained";

  private void before(Context ctx) {
    SecurityHeaders.apply(ctx, https());
    sessions.load(ctx);
    if (Sessions.viewer(ctx).signedIn()) {
      parts.ingestor().paused().ifPresent(sentence -> Sessions.paused(ctx, sentence));
    }
    if (ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD) {
      renamed(ctx);
    }
    // A form of a page opened by a member's signed link carries the link's own form token, in place
    // of a session's (MemberSettingsPages).
    // A multipart form is never one of those: asking would read its whole body (an upload) here.
    if (ctx.method() == HandlerType.POST
        && !UnsubscribePages.oneClick(ctx.path())
        && (multipart(ctx) || !memberSettingsPages.signedForm(ctx))) {
      // A multipart form (an import's upload) carries its token in its action's query: reading a
      // field of its body would read the whole upload before anyone asked who may send it.
      String sent = multipart(ctx) ? ctx.queryParam("csrf") : ctx.formParam("csrf");
      String expected = Sessions.viewer(ctx).csrf();
      if (sent == null || expected.isEmpty() || !Hmac.same(sent, expected)) {
        throw new HttpError(
            403,
            "This form has expired",
            "The form was not sent from this site's page, or its page is too old (for example"
                + " after you signed in or out elsewhere). Go back, reload the page and try again.");
      }
    }
  }

  private static boolean multipart(Context ctx) {
    String type = ctx.contentType();
    return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/");
  }

  /**
   * A page of a group under a name it had before its address changed: moved for good (301) to the
   * same page under its name now, for a viewer who may read the group; anyone else is answered by
   * the page itself, as for any name (404).
   */
  private void renamed(Context ctx) {
    String path = ctx.path();
    if (!path.startsWith("/g/")) {
      return;
    }
    int end = path.indexOf('/', 3);
    String segment = end < 0 ? path.substring(3) : path.substring(3, end);
    GroupName name;
    try {
      name = GroupName.of(segment);
    } catch (IllegalArgumentException e) {
      return;
    }
    Optional<Group> group = parts.groups().find(name);
    if (group.isEmpty()
        || group.get().name().equals(name)
        || !access.canRead(group.get(), Sessions.viewer(ctx))) {
      return;
    }
    String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
    String rest = end < 0 ? "/" : path.substring(end);
    ctx.redirect("/g/" + group.get().name().value() + rest + query, HttpStatus.MOVED_PERMANENTLY);
    ctx.skipRemainingHandlers();
  }

  private void asset(Context ctx) throws IOException {
    String spec = ASSETS.get(ctx.path());
    if (spec == null) {
      throw HttpError.notFound();
    }
    String[] s = spec.split("\\|");
    try (InputStream in = WebServer.class.getClassLoader().getResourceAsStream(s[0])) {
      if (in == null) {
        throw HttpError.notFound();
      }
      ctx.contentType(s[1]);
      ctx.header("Cache-Control", "public, max-age=3600");
      ctx.result(in.readAllBytes());
    }
  }

  private void httpError(HttpError e, Context ctx) {
    if (e.asksToSignIn()
        && !Sessions.viewer(ctx).signedIn()
        && (ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD)) {
      // A page that needs a session: sign in, then come back to it.
      ctx.redirect(ReturnPath.of(ctx).loginUrl(), HttpStatus.SEE_OTHER);
      return;
    }
    ctx.status(e.status());
    ctx.attribute(EXPLAINED, Boolean.TRUE);
    message(ctx, e.title(), e.getMessage());
  }

  private void notFound(Context ctx) {
    if (ctx.attribute(EXPLAINED) != null) {
      return; // a handler already said what was not found; keep its page
    }
    ctx.status(404);
    HttpError e = HttpError.notFound();
    message(ctx, e.title(), e.getMessage());
  }

  /**
   * Javalin answers a body over {@code maxRequestSize} with 413; this says it in words. A compose
   * page's own 413 (a post larger than the group or site takes) keeps its page and form.
   */
  private void tooLarge(Context ctx) {
    if (ctx.attribute(PAGE_ANSWERED) != null) {
      return; // a page answered 413 itself (a post too large for the group), with its form
    }
    message(
        ctx,
        "Too large",
        "What you sent is larger than this site takes in one request ("
            + MAX_REQUEST_BYTES / 1_000_000
            + " MB). Shorten it and send it again; send large files to the group by email.");
  }

  private void failure(Exception e, Context ctx) {
    log.error("{} {} failed", ctx.method(), ctx.path(), e);
    ctx.status(500);
    message(
        ctx,
        "Something went wrong",
        "The server could not finish this request. It has been logged; please try again later.");
  }

  /**
   * A page with a heading and a sentence: errors and notices.
   *
   * @param signInUrl the sign-in page that comes back to where the visitor was, offered to a
   *     signed-out visitor on a 401, 403 or 404
   */
  public record MessageModel(
      Chrome chrome, String heading, String message, int status, String signInUrl) {
    /** A message whose sign-in link (if any) leads back to the front page. */
    public MessageModel(Chrome chrome, String heading, String message, int status) {
      this(chrome, heading, message, status, ReturnPath.HOME.loginUrl());
    }
  }

  private void message(Context ctx, String title, String text) {
    try {
      Viewer v = Sessions.viewer(ctx);
      views.render(
          ctx,
          "message.jte",
          new MessageModel(
              Chrome.of(title, v, "message"),
              title,
              text,
              ctx.statusCode(),
              ReturnPath.of(ctx).loginUrl()));
    } catch (RuntimeException e) {
      ctx.contentType("text/plain; charset=utf-8").result(title + "\n\n" + text + "\n");
    }
  }

  @Override
  public synchronized void close() {
    if (app != null) {
      app.stop();
    }
  }
}
