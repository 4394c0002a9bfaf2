package org.parley.web.account;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import me.gosimple.nbvcxz.Nbvcxz;
import me.gosimple.nbvcxz.scoring.Result;
import org.parley.account.Account;
import org.parley.account.AccountStore;
import org.parley.account.EmailAddress;
import org.parley.account.Passwords;
import org.parley.account.SignupTokens;
import org.parley.mailtext.MailTexts;
import org.parley.mailtext.PasswordLink;
import org.parley.mailtext.SignUpLink;
import org.parley.mime.Draft;
import org.parley.mime.Mailbox;
import org.parley.mime.MessageComposer;
import org.parley.web.Chrome;
import org.parley.web.Field;
import org.parley.web.HttpError;
import org.parley.web.MailOut;
import org.parley.web.RateLimiter;
import org.parley.web.ReturnPath;
import org.parley.web.Sessions;
import org.parley.web.Viewer;
import org.parley.web.Views;
import org.parley.web.post.Posting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts on the web: sign up, sign in, sign out, profile. Signing up proves the address first: a
 * one-time link is mailed to it (its text from the templates of {@link MailTexts}, queued for the
 * relay before the page answers and sent by a job just after), and the page says the same thing
 * whether or not the address already has an account (the link then sets a new password), so no page
 * reveals who has one. Passwords are at least 10 characters and must pass nbvcxz's strength
 * estimate; they are hashed with argon2id ({@link Passwords}). Sign-in failures slow further tries
 * with growing waits ({@link SignInThrottle}) but never lock the rightful user out, and the refusal
 * never says which part was wrong. The one home of nbvcxz.
 */
public final class AccountPages {
  private static final Logger log = LoggerFactory.getLogger(AccountPages.class);
  static final int MIN_PASSWORD = 10;
  private static final String BAD_LOGIN = "That address and password do not match an account here.";

  /** The sign-in page. */
  public record LoginModel(Chrome chrome, String next, Field email, String error) {}

  /** The sign-up page: the address step, or the "check your mail" answer. */
  public record SignupModel(Chrome chrome, Field email, boolean sent) {}

  /** The page behind the mailed link: choose a name and a password. */
  public record FinishModel(
      Chrome chrome, String token, String email, Field name, Field password) {}

  /**
   * What is wrong with a mailed link, and the way on: ask for a new link, or (when it was probably
   * used already) sign in.
   */
  public record LinkProblemModel(
      Chrome chrome, String heading, String message, boolean offerSignIn) {}

  /** The profile page. */
  public record ProfileModel(
      Chrome chrome, String email, Field name, String zone, List<String> zones, boolean saved) {}

  private final AccountStore accounts;
  private final Passwords passwords;
  private final SignupTokens tokens;
  private final Sessions sessions;
  private final Views views;
  private final MailOut mail;
  private final MessageComposer composer;
  private final Posting posting;
  private final SignInThrottle throttle;
  private final RateLimiter signupMail;
  private final Clock clock;
  private final String domain;
  private final Supplier<String> baseUrl;
  private final Nbvcxz strength = new Nbvcxz();
  private final String dummyHash;
  private final List<String> zones;
  private final MailTexts texts = new MailTexts();

  public AccountPages(
      AccountStore accounts,
      Passwords passwords,
      SignupTokens tokens,
      Sessions sessions,
      Views views,
      MailOut mail,
      MessageComposer composer,
      Posting posting,
      SignInThrottle throttle,
      RateLimiter signupMail,
      Clock clock,
      String domain,
      Supplier<String> baseUrl) {
    this.accounts = accounts;
    this.passwords = passwords;
    this.tokens = tokens;
    this.sessions = sessions;
    this.views = views;
    this.mail = mail;
    this.composer = composer;
    this.posting = posting;
    this.throttle = throttle;
    this.signupMail = signupMail;
    this.clock = clock;
    this.domain = domain;
    this.baseUrl = baseUrl;
    // Checking a password against an absent account costs the same as against a real one.
    this.dummyHash = passwords.hash("not a real password, only for timing");
    this.zones = List.copyOf(new TreeSet<>(ZoneId.getAvailableZoneIds()));
  }

  public void register(RoutesConfig r) {
    r.get("/login", this::loginForm);
    r.post("/login", this::login);
    r.post("/logout", this::logout);
    r.get("/signup", this::signupForm);
    r.post("/signup", this::signup);
    r.get("/signup/finish", this::finishForm);
    r.post("/signup/finish", this::finish);
    r.get("/profile", this::profileForm);
    r.post("/profile", this::profile);
  }

  private void loginForm(Context ctx) {
    Viewer v = sessions.withFormToken(ctx);
    views.render(
        ctx,
        "account/login.jte",
        new LoginModel(
            Chrome.of("Sign in", v, "login"),
            ReturnPath.parse(ctx.queryParam("next")).value(),
            Field.EMPTY,
            ""));
  }

  private void login(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    String next = ReturnPath.parse(ctx.formParam("next")).value();
    Field email = Field.of(ctx.formParam("email"));
    String password = ctx.formParam("password") == null ? "" : ctx.formParam("password");
    String accountKey = email.value().strip().toLowerCase(java.util.Locale.ROOT);
    String client = ctx.ip();
    Duration wait = throttle.wait(accountKey, client);
    if (!wait.isZero()) {
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      ctx.status(429);
      ctx.header("Retry-After", Long.toString(seconds));
      views.render(
          ctx,
          "account/login.jte",
          new LoginModel(
              Chrome.of("Sign in", v, "login"),
              next,
              email,
              "Too many sign-in attempts from here. Try again in " + inWords(seconds) + "."));
      return;
    }
    Optional<Account> account =
        EmailAddress.isValid(email.value())
            ? accounts.find(EmailAddress.of(email.value()))
            : Optional.empty();
    boolean ok =
        account
            .filter(Account::canLogIn)
            .map(a -> passwords.verify(password, a.passwordHash()))
            .orElseGet(() -> passwords.verify(password, dummyHash) && false);
    if (!ok) {
      throttle.failed(accountKey, client);
      log.info("failed sign-in from {}", client);
      ctx.status(422);
      views.render(
          ctx,
          "account/login.jte",
          new LoginModel(Chrome.of("Sign in", v, "login"), next, email, BAD_LOGIN));
      return;
    }
    throttle.succeeded(accountKey, client);
    sessions.signIn(ctx, account.get().id());
    ctx.redirect(next, HttpStatus.SEE_OTHER);
  }

  /** "1 second", "42 seconds", "3 minutes": a wait as a person reads it. */
  static String inWords(long seconds) {
    if (seconds < 120) {
      return seconds == 1 ? "1 second" : seconds + " seconds";
    }
    return (seconds + 59) / 60 + " minutes";
  }

  private void logout(Context ctx) {
    sessions.signOut(ctx);
    ctx.redirect("/", HttpStatus.SEE_OTHER);
  }

  private void signupForm(Context ctx) {
    Viewer v = sessions.withFormToken(ctx);
    views.render(
        ctx,
        "account/signup.jte",
        new SignupModel(Chrome.of("Sign up", v, "signup"), Field.EMPTY, false));
  }

  private void signup(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Field email = Field.of(ctx.formParam("email"));
    if (!EmailAddress.isValid(email.value())) {
      ctx.status(422);
      views.render(
          ctx,
          "account/signup.jte",
          new SignupModel(
              Chrome.of("Sign up", v, "signup"),
              email.withError("Enter an email address such as name@example.org."),
              false));
      return;
    }
    EmailAddress address = EmailAddress.of(email.value());
    if (signupMail.tryAcquire("addr:" + address.key()) && signupMail.tryAcquire("ip:" + ctx.ip())) {
      String token = tokens.issue(address);
      boolean existing = accounts.find(address).map(Account::canLogIn).orElse(false);
      String link = baseUrl.get() + "/signup/finish?token=" + token;
      String text =
          texts.render(
              existing
                  ? new PasswordLink(baseUrl.get(), link)
                  : new SignUpLink(baseUrl.get(), link));
      Draft draft =
          new Draft(
              posting.newMessageId(),
              clock.instant(),
              new Mailbox("Parley", "noreply@" + domain),
              List.of(new Mailbox("", address.value())),
              List.of(),
              null,
              existing ? "Your account at " + domain : "Finish signing up at " + domain,
              null,
              List.of(),
              text,
              null,
              Map.of("Auto-Submitted", "auto-generated"));
      try {
        mail.queue(
            draft.messageId(),
            "noreply@" + domain,
            List.of(address.value()),
            composer.compose(draft));
      } catch (IOException e) {
        log.warn("could not queue a sign-up link: {}", e.getMessage());
        throw new HttpError(
            503,
            "Please try again",
            "The link could not be prepared for sending just now. Please try again in a few"
                + " minutes.");
      }
    }
    views.render(
        ctx,
        "account/signup.jte",
        new SignupModel(Chrome.of("Check your mail", v, "signup"), email, true));
  }

  /**
   * The address of a live token, or, for any other, a page that says what is wrong with the link
   * and what to do (ask for a new one): "invalid" for a malformed or unknown token, "expired" only
   * for one that was issued here and ran out.
   */
  private Optional<EmailAddress> tokenAddress(Context ctx, Viewer v, String token) {
    switch (tokens.lookup(token)) {
      case SignupTokens.Live live -> {
        return Optional.of(live.email());
      }
      case SignupTokens.Expired expired ->
          linkProblem(
              ctx,
              410,
              new LinkProblemModel(
                  Chrome.of("Link expired", v, "signup"),
                  "This link has expired",
                  "Links to finish signing up or to choose a new password work for a day, and"
                      + " this one is older. Ask for a new one: it comes by mail at once.",
                  false));
      case SignupTokens.Unknown unknown ->
          linkProblem(
              ctx,
              400,
              new LinkProblemModel(
                  Chrome.of("Invalid link", v, "signup"),
                  "This link is not valid",
                  "It was already used (each link works once), or it did not come from this"
                      + " site. If you chose your password with it, sign in; otherwise ask for a"
                      + " new link.",
                  true));
      case SignupTokens.Malformed malformed ->
          linkProblem(
              ctx,
              400,
              new LinkProblemModel(
                  Chrome.of("Invalid link", v, "signup"),
                  "This link is not valid",
                  "The link is incomplete or damaged: part of it was probably cut off or changed"
                      + " when it was copied from the mail (for example \"=3D\" in it, or a"
                      + " line break). Open the link straight from the mail, or ask for a new"
                      + " one.",
                  false));
    }
    return Optional.empty();
  }

  private void linkProblem(Context ctx, int status, LinkProblemModel model) {
    ctx.status(status);
    views.render(ctx, "account/link.jte", model);
  }

  private void finishForm(Context ctx) {
    Viewer v = sessions.withFormToken(ctx);
    String token = ctx.queryParam("token");
    Optional<EmailAddress> live = tokenAddress(ctx, v, token);
    if (live.isEmpty()) {
      return;
    }
    EmailAddress email = live.get();
    String name = accounts.find(email).map(Account::displayName).orElse("");
    views.render(
        ctx,
        "account/finish.jte",
        new FinishModel(
            Chrome.of("Choose a password", v, "signup"),
            token,
            email.value(),
            Field.of(name),
            Field.EMPTY));
  }

  private void finish(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    String token = ctx.formParam("token");
    Optional<EmailAddress> live = tokenAddress(ctx, v, token);
    if (live.isEmpty()) {
      return;
    }
    EmailAddress email = live.get();
    Field name = Field.of(ctx.formParam("name"));
    String password = ctx.formParam("password") == null ? "" : ctx.formParam("password");
    String problem = passwordProblem(password, email, name.value());
    if (problem != null) {
      ctx.status(422);
      views.render(
          ctx,
          "account/finish.jte",
          new FinishModel(
              Chrome.of("Choose a password", v, "signup"),
              token,
              email.value(),
              name,
              new Field("", problem)));
      return;
    }
    if (tokens.redeem(token).isEmpty()) {
      tokenAddress(ctx, v, token); // used meanwhile, by another request: say so
      return;
    }
    Account a = accounts.ensure(email, name.value());
    accounts.setPassword(a.id(), passwords.hash(password));
    if (!name.value().isBlank()) {
      accounts.setProfile(a.id(), name.value(), a.timeZone());
    }
    // A new password ends everything the old one (or an older link) let in: every other
    // session of the account, and every link still out for the address (F7, F8).
    int links = tokens.revokeAll(email);
    int ended = sessions.endAll(a.id());
    if (links > 0 || ended > 0) {
      log.info(
          "password of account {} chosen by link: {} other session(s) and {} older link(s) ended",
          a.id(),
          ended,
          links);
    }
    sessions.signIn(ctx, a.id());
    ctx.redirect("/", HttpStatus.SEE_OTHER);
  }

  /** Why a password will not do, or null when it will. */
  String passwordProblem(String password, EmailAddress email, String name) {
    if (password.length() < MIN_PASSWORD) {
      return "Use at least " + MIN_PASSWORD + " characters.";
    }
    if (password.length() > 1000) {
      return "Use at most 1000 characters.";
    }
    String lower = password.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains(email.localPart().toLowerCase(java.util.Locale.ROOT))
        || (!name.isBlank() && lower.contains(name.toLowerCase(java.util.Locale.ROOT)))) {
      return "Do not use your name or address in the password.";
    }
    Result r = strength.estimate(password);
    if (!r.isMinimumEntropyMet()) {
      String warning = r.getFeedback() == null ? null : r.getFeedback().getWarning();
      return "That password is too easy to guess"
          + (warning == null || warning.isBlank() ? "" : " (" + warning + ")")
          + ". Try a few unrelated words together.";
    }
    return null;
  }

  private void profileForm(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Account a = v.require();
    views.render(
        ctx,
        "account/profile.jte",
        new ProfileModel(
            Chrome.of("Profile", v, "profile"),
            a.email().value(),
            Field.of(a.displayName()),
            a.timeZone().getId(),
            zones,
            "1".equals(ctx.queryParam("saved"))));
  }

  private void profile(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Account a = v.require();
    Field name = Field.of(ctx.formParam("name"));
    String zoneId = ctx.formParam("zone") == null ? "UTC" : ctx.formParam("zone");
    ZoneId zone;
    try {
      zone = ZoneId.of(zoneId);
    } catch (DateTimeException e) {
      ctx.status(422);
      views.render(
          ctx,
          "account/profile.jte",
          new ProfileModel(
              Chrome.of("Profile", v, "profile"),
              a.email().value(),
              name,
              a.timeZone().getId(),
              zones,
              false));
      return;
    }
    if (name.value().length() > 100) {
      ctx.status(422);
      views.render(
          ctx,
          "account/profile.jte",
          new ProfileModel(
              Chrome.of("Profile", v, "profile"),
              a.email().value(),
              name.withError("Use at most 100 characters."),
              zone.getId(),
              zones,
              false));
      return;
    }
    accounts.setProfile(a.id(), name.value(), zone);
    ctx.redirect("/profile?saved=1", HttpStatus.SEE_OTHER);
  }
}
