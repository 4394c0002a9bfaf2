package org.parley.web.group;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.parley.account.AccountStore;
import org.parley.group.AuditLog;
import org.parley.group.ChangedBy;
import org.parley.group.DigestPeriod;
import org.parley.group.DmarcFailure;
import org.parley.group.FromRewriting;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.GroupSetting;
import org.parley.group.GroupStore;
import org.parley.group.Joining;
import org.parley.group.Links;
import org.parley.group.Moderation;
import org.parley.group.Posting;
import org.parley.group.ReplyTo;
import org.parley.group.Visibility;
import org.parley.mime.Sizes;
import org.parley.web.Access;
import org.parley.web.Chrome;
import org.parley.web.Dates;
import org.parley.web.Field;
import org.parley.web.HttpError;
import org.parley.web.Sessions;
import org.parley.web.Urls;
import org.parley.web.Viewer;
import org.parley.web.Views;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group's settings page ({@code /g/<group>/settings}): one form, working without JavaScript, with
 * every setting the group has and a sentence saying what each does, and below it the group's audit
 * log, newest first. Its active owners and managers and the site admins may open it; a signed-out
 * visitor is sent to sign in, and anyone else gets the 404 a private group gives a stranger. Saving
 * changes the group in one transaction with its audit rows ({@link GroupStore#change}) and answers
 * 303 back to the page, which names what changed; a bad value answers 422 with the form as typed
 * and a sentence beside each bad field, and changes nothing. Every page and the mail path read the
 * group from the store, so a change takes effect on the next request and the next copy.
 */
public final class SettingsPages {
  private static final Logger log = LoggerFactory.getLogger(SettingsPages.class);

  /** How many of the audit log's latest entries the page shows. */
  static final int AUDIT_SHOWN = 100;

  /**
   * The prefix of the hidden fields that carry each setting's value as the page showed it, so a
   * save changes only the settings its sender changed ({@code Form.applyTo}).
   */
  static final String SHOWN = "shown_";

  /** The smallest size limit a group may have: below it, hardly a message would get through. */
  static final long MIN_BYTES = 1024;

  /** One option of a choice, as a radio button with its sentence. */
  public record Option(String value, String label, String sentence, boolean checked) {}

  /**
   * One setting chosen among options.
   *
   * @param error why the value sent was refused; "" when it was not
   */
  public record Choice(String name, String legend, List<Option> options, String error) {
    public boolean hasError() {
      return !error.isEmpty();
    }
  }

  /** A setting's value as the page first showed it, sent back in a hidden field. */
  public record Shown(String field, String value) {}

  /** One change in the audit log, as the page shows it. */
  public record AuditRow(
      String who, Dates.Shown when, String setting, String before, String after) {}

  /**
   * The settings page.
   *
   * @param notice what the last save changed ("Saved: …"), or "" on a fresh page or a refused form
   * @param siteLimit the largest message the site takes, for the maximum size's sentence
   */
  public record SettingsModel(
      Chrome chrome,
      String name,
      String groupTitle,
      String groupUrl,
      String action,
      String notice,
      boolean refused,
      Field title,
      Field description,
      Choice visibility,
      Choice posting,
      Choice joining,
      Choice replyTo,
      Choice moderation,
      Field moderateFirst,
      Field subjectPrefix,
      Field footer,
      boolean showAddresses,
      Field maxSize,
      String siteLimit,
      Choice memberList,
      boolean postByEmail,
      boolean postOnWeb,
      Field welcome,
      Field spamThreshold,
      Field heldDays,
      boolean holdDoubtful,
      Choice digestPeriod,
      Choice fromRewrite,
      Choice fromStyle,
      Choice authorIn,
      Choice dmarcFailure,
      String digestAction,
      Field address,
      String domain,
      List<String> aliases,
      List<Shown> shown,
      List<AuditRow> audit) {}

  private final GroupStore groups;
  private final AccountStore accounts;
  private final Access access;
  private final Views views;
  private final Dates dates;
  private final long siteMaxBytes;
  private final String domain;

  /** The word the page's notice and the audit log use for a change of the group's address. */
  static final String ADDRESS = "address";

  /**
   * @param siteMaxBytes the largest message the site takes: no group may take more
   */
  public SettingsPages(
      GroupStore groups,
      AccountStore accounts,
      Access access,
      Views views,
      Dates dates,
      long siteMaxBytes,
      String domain) {
    this.domain = domain;
    this.groups = groups;
    this.accounts = accounts;
    this.access = access;
    this.views = views;
    this.dates = dates;
    this.siteMaxBytes = siteMaxBytes;
  }

  public void register(RoutesConfig r) {
    r.get(Urls.route("/settings"), this::form);
    r.post(Urls.route("/settings"), this::save);
  }

  /**
   * The group, if the viewer may change its settings. A signed-out visitor is asked to sign in
   * whatever the group (so the answer says nothing about it); anyone else who may not gets 404.
   */
  private Group managed(Context ctx, Viewer v) {
    return access.managed(ctx.pathParam("group"), v);
  }

  private void form(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = managed(ctx, v);
    render(
        ctx,
        v,
        g,
        Form.of(g),
        Field.of(g.name().value()),
        ctx.queryParam("digests") != null
            ? digestsNotice(ctx.queryParam("digests"))
            : notice(ctx.queryParam("changed")),
        false);
  }

  private void save(Context ctx) {
    Viewer v = Sessions.viewer(ctx);
    Group g = managed(ctx, v);
    Form form = Form.read(ctx, g, siteMaxBytes);
    Field address =
        Field.of(ctx.formParam("address") == null ? g.name().value() : ctx.formParam("address"));
    Optional<GroupName> newName = Optional.empty();
    try {
      GroupName typed = GroupName.of(address.value());
      if (!typed.equals(g.name())) {
        Optional<Group> holder = groups.find(typed);
        if (holder.isPresent() && holder.get().id() != g.id()) {
          address =
              address.withError(
                  "That name is taken: another group has it, or had it and keeps it as its old"
                      + " address.");
        } else {
          newName = Optional.of(typed);
        }
      }
    } catch (IllegalArgumentException e) {
      address =
          address.withError(
              "Use 1 to 64 lower-case letters, digits, dots, hyphens or underscores, starting"
                  + " with a letter or digit, and not ending in -owner, -bounces, -request, -join,"
                  + " -leave, -subscribe, -unsubscribe or -confirm.");
    }
    if (form.hasError() || address.hasError()) {
      ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
      render(ctx, v, g, form, address, "", true);
      return;
    }
    ChangedBy by = new ChangedBy.SignedIn(v.require().id());
    if (newName.isPresent()) {
      try {
        g = groups.rename(g.id(), newName.get(), by).orElseThrow(HttpError::notFound);
      } catch (IllegalStateException e) {
        ctx.status(HttpStatus.CONFLICT);
        render(
            ctx,
            v,
            g,
            form,
            address.withError("That name was taken a moment ago: choose another."),
            "",
            true);
        return;
      }
      log.info(
          "group {} is now {}: account {} changed its address on the web; the old one is kept"
              + " as an alias",
          ctx.pathParam("group"),
          g.name(),
          v.require().id());
    }
    GroupStore.Changed changed =
        groups.change(g.id(), form::applyTo, by).orElseThrow(HttpError::notFound);
    List<String> words = new ArrayList<>();
    newName.ifPresent(n -> words.add(ADDRESS));
    changed.changes().forEach(c -> words.add(c.setting().word()));
    if (!words.isEmpty()) {
      log.info(
          "group {}: account {} changed {} on the web; in effect from the next request and copy",
          g.name(),
          v.require().id(),
          String.join(", ", words));
    }
    ctx.redirect(
        Links.settings(g.name().value())
            + "?changed="
            + URLEncoder.encode(String.join(",", words), StandardCharsets.UTF_8),
        HttpStatus.SEE_OTHER);
  }

  /** The notice naming what the last save changed, from the page's {@code changed} parameter. */
  static String notice(String changed) {
    if (changed == null) {
      return "";
    }
    List<String> labels = new ArrayList<>();
    for (String word : changed.split(",")) {
      if (word.strip().equals(ADDRESS)) {
        labels.add("address (the old one still takes mail and leads here)");
      }
      GroupSetting.of(word.strip()).ifPresent(s -> labels.add(label(s)));
    }
    return labels.isEmpty() ? "Nothing changed." : "Saved: " + String.join(", ", labels) + ".";
  }

  /**
   * The notice after the send-now button ({@code DigestPages}): how many digests it queued, from
   * the page's {@code digests} parameter.
   */
  static String digestsNotice(String queued) {
    int n;
    try {
      n = Integer.parseInt(queued.strip());
    } catch (NumberFormatException e) {
      return "";
    }
    return switch (n) {
      case 0 ->
          "No digest was owed: nothing was posted since the last ones, or no member gets digests"
              + " or summaries.";
      case 1 -> "1 digest is on its way, with the posts since the last one.";
      default -> n + " digests are on their way, each with the posts since the last one.";
    };
  }

  private void render(
      Context ctx, Viewer v, Group g, Form form, Field address, String notice, boolean refused) {
    String name = g.name().value();
    views.render(
        ctx,
        "group/settings.jte",
        new SettingsModel(
            Chrome.of("Settings of " + g.title(), v, "settings"),
            name,
            g.title(),
            Links.group(name),
            Links.settings(name),
            notice,
            refused,
            form.title,
            form.description,
            form.visibility,
            form.posting,
            form.joining,
            form.replyTo,
            form.moderation,
            form.moderateFirst,
            form.subjectPrefix,
            form.footer,
            form.showAddresses,
            form.maxSize,
            Sizes.of(siteMaxBytes),
            form.memberList,
            form.postByEmail,
            form.postOnWeb,
            form.welcome,
            form.spamThreshold,
            form.heldDays,
            form.holdDoubtful,
            form.digestPeriod,
            form.fromRewrite,
            form.fromStyle,
            form.authorIn,
            form.dmarcFailure,
            Links.sendDigests(name),
            address,
            domain,
            groups.aliases(g.id()).stream().map(n -> n.value() + "@" + domain).toList(),
            form.shown.entrySet().stream()
                .map(e -> new Shown(SHOWN + e.getKey().word(), e.getValue()))
                .toList(),
            audit(g, v.zone())));
  }

  private List<AuditRow> audit(Group g, ZoneId zone) {
    List<AuditRow> rows = new ArrayList<>();
    Map<Long, String> names = new HashMap<>();
    for (AuditLog.Entry e : groups.auditLog().latest(g.id(), AUDIT_SHOWN)) {
      String who =
          switch (e.by()) {
            case ChangedBy.SignedIn s ->
                names.computeIfAbsent(
                    s.account().value(),
                    id ->
                        accounts
                            .findById(s.account())
                            .map(a -> a.shownName() + " (" + a.email().value() + ")")
                            .orElse("a deleted account"));
            case ChangedBy.CommandLine cli -> "the command line (user " + cli.osUser() + ")";
          };
      Optional<GroupSetting> setting = GroupSetting.of(e.setting());
      // an action (a ban, an address change, a removal) is shown under its own word
      rows.add(
          new AuditRow(
              who,
              dates.show(e.at(), zone),
              setting.map(SettingsPages::label).orElse(e.setting()),
              shown(setting, e.before()),
              shown(setting, e.after())));
    }
    return rows;
  }

  /** A value as the audit log shows it: sizes in KB or MB, nothing as "(empty)". */
  private static String shown(Optional<GroupSetting> setting, String value) {
    if (value.isEmpty()) {
      return "(empty)";
    }
    if (setting.equals(Optional.of(GroupSetting.MAX_SIZE))) {
      try {
        return Sizes.of(Long.parseLong(value));
      } catch (NumberFormatException e) {
        return value;
      }
    }
    return value;
  }

  /** The name the page gives a setting, in its form and its notices. */
  static String label(GroupSetting s) {
    return switch (s) {
      case TITLE -> "title";
      case DESCRIPTION -> "description";
      case VISIBILITY -> "who can read";
      case POSTING -> "who can post";
      case JOINING -> "who can join";
      case REPLY_TO -> "Reply-To";
      case SUBJECT_PREFIX -> "subject prefix";
      case FOOTER -> "footer";
      case SHOW_ADDRESSES -> "members see addresses";
      case MAX_SIZE -> "maximum size";
      case MODERATION -> "whose posts wait for a moderator";
      case MODERATE_FIRST -> "new members' posts a moderator approves";
      case MEMBER_LIST -> "who can see the member list";
      case POST_BY_EMAIL -> "posting by email";
      case POST_ON_WEB -> "posting on the web";
      case WELCOME -> "welcome message";
      case SPAM_THRESHOLD -> "spam score held";
      case HELD_DAYS -> "days a held post waits";
      case HOLD_DOUBTFUL -> "hold oversized posts and commands";
      case DIGEST_PERIOD -> "how often digests go out";
      case FROM_REWRITE -> "copies from the group's address";
      case FROM_STYLE -> "how copies are rewritten";
      case AUTHOR_IN -> "where rewritten copies name the author";
      case DMARC_FAILURE -> "members' mail their domain does not vouch for";
    };
  }

  /** The form: each field as typed (or as stored, on a fresh page) and, if refused, why. */
  private record Form(
      Field title,
      Field description,
      Choice visibility,
      Choice posting,
      Choice joining,
      Choice replyTo,
      Choice moderation,
      Field moderateFirst,
      Field subjectPrefix,
      Field footer,
      boolean showAddresses,
      Field maxSize,
      long maxBytes,
      Choice memberList,
      boolean postByEmail,
      boolean postOnWeb,
      Field welcome,
      Field spamThreshold,
      Field heldDays,
      boolean holdDoubtful,
      Choice digestPeriod,
      Choice fromRewrite,
      Choice fromStyle,
      Choice authorIn,
      Choice dmarcFailure,
      Map<GroupSetting, String> shown) {

    /** The form as the group stands. */
    static Form of(Group g) {
      Map<GroupSetting, String> shown = new EnumMap<>(GroupSetting.class);
      for (GroupSetting s : GroupSetting.values()) {
        shown.put(s, s.valueIn(g));
      }
      return new Form(
          Field.of(g.title()),
          Field.of(g.description()),
          visibility(g.visibility().word(), ""),
          posting(g.posting().word(), ""),
          joining(g.joining().word(), ""),
          replyTo(g.replyTo().word(), ""),
          moderation(g.moderation().word(), ""),
          Field.of(Integer.toString(g.moderateFirst())),
          Field.of(g.subjectPrefix()),
          Field.of(g.footer()),
          g.showAddresses(),
          Field.of(Sizes.of(g.maxBytes())),
          g.maxBytes(),
          memberList(g.memberList().word(), ""),
          g.postByEmail(),
          g.postOnWeb(),
          Field.of(g.welcome()),
          Field.of(GroupSetting.score(g.spamThreshold())),
          Field.of(Integer.toString(g.heldDays())),
          g.holdDoubtful(),
          digestPeriod(g.digestPeriod().word(), ""),
          fromRewrite(g.fromRewriting().when().word(), ""),
          fromStyle(g.fromRewriting().style().word(), ""),
          authorIn(g.fromRewriting().authorIn().word(), ""),
          dmarcFailure(g.dmarcFailure().word(), ""),
          shown);
    }

    /** The form as sent, each field checked. */
    static Form read(Context ctx, Group g, long siteMaxBytes) {
      Field title = Field.of(ctx.formParam("title"));
      if (title.value().isBlank()) {
        title = title.withError("A group needs a title: write a few words that name it.");
      } else if (title.value().strip().length() > 200) {
        title = title.withError("Use at most 200 characters.");
      }
      Field prefix = Field.of(ctx.formParam("subject_prefix"));
      if (prefix.value().strip().length() > 60) {
        prefix = prefix.withError("Use at most 60 characters: it goes before every subject.");
      }
      Map<GroupSetting, String> shown = new EnumMap<>(GroupSetting.class);
      for (GroupSetting s : GroupSetting.values()) {
        String value = ctx.formParam(SHOWN + s.word());
        if (value != null) {
          shown.put(s, lineEnds(value));
        }
      }
      Field first = Field.of(ctx.formParam("moderate_first"));
      try {
        int n = Integer.parseInt(first.value().strip());
        if (n < 1 || n > 1000) {
          first = first.withError("Choose a number from 1 to 1000.");
        }
      } catch (NumberFormatException e) {
        first = first.withError("Write a number, such as 1 or 3.");
      }
      // A field the form did not send (a page from before the setting existed) is left as stored.
      Field spam = Field.of(sent(ctx, "spam_threshold", GroupSetting.score(g.spamThreshold())));
      try {
        GroupSetting.parseScore(spam.value());
      } catch (IllegalArgumentException e) {
        spam = spam.withError("Write a score such as 5 or 7.5, or off.");
      }
      Field days = Field.of(sent(ctx, "held_days", Integer.toString(g.heldDays())));
      try {
        int n = Integer.parseInt(days.value().strip());
        if (n < 1 || n > 365) {
          days = days.withError("Choose a number of days from 1 to 365.");
        }
      } catch (NumberFormatException e) {
        days = days.withError("Write a number of days, such as 14.");
      }
      Field welcome = Field.of(lineEnds(sent(ctx, "welcome", g.welcome())));
      if (welcome.value().length() > 10_000) {
        welcome = welcome.withError("Use at most 10,000 characters.");
      }
      Field size = Field.of(ctx.formParam("max_size"));
      long bytes;
      try {
        bytes = Long.parseLong(shown.getOrDefault(GroupSetting.MAX_SIZE, ""));
      } catch (NumberFormatException e) {
        bytes = g.maxBytes();
      }
      // The size as the page showed it stays as it was (the page rounds it), unchecked.
      if (!size.value().strip().equals(Sizes.of(bytes))) {
        Optional<Long> parsed = Sizes.parse(size.value());
        if (parsed.isEmpty()) {
          size = size.withError("Write a size such as 10 MB, 512 KB or a number of bytes.");
        } else if (parsed.get() > siteMaxBytes) {
          size =
              size.withError(
                  "This site takes messages up to "
                      + Sizes.of(siteMaxBytes)
                      + " ("
                      + siteMaxBytes
                      + " bytes); choose that or less.");
        } else if (parsed.get() < MIN_BYTES) {
          size = size.withError("Choose at least 1 KB: hardly a message is smaller.");
        } else {
          bytes = parsed.get();
        }
      }
      return new Form(
          title,
          Field.of(lineEnds(ctx.formParam("description"))),
          visibility(ctx.formParam("visibility"), check(ctx, "visibility", Visibility::of)),
          posting(ctx.formParam("posting"), check(ctx, "posting", Posting::of)),
          joining(ctx.formParam("joining"), check(ctx, "joining", Joining::of)),
          replyTo(ctx.formParam("reply_to"), check(ctx, "reply_to", ReplyTo::of)),
          moderation(ctx.formParam("moderation"), check(ctx, "moderation", Moderation::of)),
          first,
          prefix,
          Field.of(lineEnds(ctx.formParam("footer"))),
          "yes".equals(ctx.formParam("show_addresses")),
          size,
          bytes,
          memberList(
              sent(ctx, "member_list", g.memberList().word()),
              ctx.formParam("member_list") == null
                  ? ""
                  : check(ctx, "member_list", Visibility::of)),
          ticked(ctx, "post_by_email", shown, GroupSetting.POST_BY_EMAIL, g.postByEmail()),
          ticked(ctx, "post_on_web", shown, GroupSetting.POST_ON_WEB, g.postOnWeb()),
          welcome,
          spam,
          days,
          ticked(ctx, "hold_doubtful", shown, GroupSetting.HOLD_DOUBTFUL, g.holdDoubtful()),
          digestPeriod(
              sent(ctx, "digest_period", g.digestPeriod().word()),
              ctx.formParam("digest_period") == null
                  ? ""
                  : check(ctx, "digest_period", DigestPeriod::of)),
          fromRewrite(
              sent(ctx, "from_rewrite", g.fromRewriting().when().word()),
              ctx.formParam("from_rewrite") == null
                  ? ""
                  : check(ctx, "from_rewrite", FromRewriting.When::of)),
          fromStyle(
              sent(ctx, "from_style", g.fromRewriting().style().word()),
              ctx.formParam("from_style") == null
                  ? ""
                  : check(ctx, "from_style", FromRewriting.Style::of)),
          authorIn(
              sent(ctx, "author_in", g.fromRewriting().authorIn().word()),
              ctx.formParam("author_in") == null
                  ? ""
                  : check(ctx, "author_in", FromRewriting.AuthorIn::of)),
          dmarcFailure(
              sent(ctx, "dmarc_failure", g.dmarcFailure().word()),
              ctx.formParam("dmarc_failure") == null
                  ? ""
                  : check(ctx, "dmarc_failure", DmarcFailure::of)),
          shown);
    }

    /** The field as sent, or {@code stored} when the form did not send it. */
    private static String sent(Context ctx, String name, String stored) {
      String value = ctx.formParam(name);
      return value == null ? stored : value;
    }

    /**
     * A checkbox as sent: ticked when it comes as {@code yes}; unticked when it does not come but
     * the page showed it (its setting's hidden field came), for a browser sends nothing for an
     * unticked box; as stored when the page did not show it at all.
     */
    private static boolean ticked(
        Context ctx,
        String name,
        Map<GroupSetting, String> shown,
        GroupSetting setting,
        boolean stored) {
      String value = ctx.formParam(name);
      if (value != null) {
        return "yes".equals(value);
      }
      return shown.containsKey(setting) ? false : stored;
    }

    /** "" when the field names one of the choice's values, else a sentence asking for one. */
    private static String check(Context ctx, String name, Function<String, ?> of) {
      try {
        of.apply(ctx.formParam(name));
        return "";
      } catch (IllegalArgumentException e) {
        return "Choose one of the options.";
      }
    }

    boolean hasError() {
      return title.hasError()
          || visibility.hasError()
          || posting.hasError()
          || joining.hasError()
          || replyTo.hasError()
          || moderation.hasError()
          || moderateFirst.hasError()
          || subjectPrefix.hasError()
          || maxSize.hasError()
          || memberList.hasError()
          || welcome.hasError()
          || spamThreshold.hasError()
          || heldDays.hasError()
          || digestPeriod.hasError()
          || fromRewrite.hasError()
          || fromStyle.hasError()
          || authorIn.hasError()
          || dmarcFailure.hasError();
    }

    /**
     * {@code g}, the group as stored now, with the settings this form changed: each setting whose
     * value is what the page showed keeps {@code g}'s, so a save changes only what its sender
     * changed, never undoing what someone else saved since the page was shown. Call only when the
     * form has no error.
     */
    Group applyTo(Group g) {
      Group typed = typed(g);
      return g.edit()
          .title(pick(GroupSetting.TITLE, typed, g, Group::title))
          .description(pick(GroupSetting.DESCRIPTION, typed, g, Group::description))
          .visibility(pick(GroupSetting.VISIBILITY, typed, g, Group::visibility))
          .posting(pick(GroupSetting.POSTING, typed, g, Group::posting))
          .joining(pick(GroupSetting.JOINING, typed, g, Group::joining))
          .subjectPrefix(pick(GroupSetting.SUBJECT_PREFIX, typed, g, Group::subjectPrefix))
          .replyTo(pick(GroupSetting.REPLY_TO, typed, g, Group::replyTo))
          .footer(pick(GroupSetting.FOOTER, typed, g, Group::footer))
          .showAddresses(pick(GroupSetting.SHOW_ADDRESSES, typed, g, Group::showAddresses))
          .maxBytes(pick(GroupSetting.MAX_SIZE, typed, g, Group::maxBytes))
          .moderation(pick(GroupSetting.MODERATION, typed, g, Group::moderation))
          .moderateFirst(pick(GroupSetting.MODERATE_FIRST, typed, g, Group::moderateFirst))
          .memberList(pick(GroupSetting.MEMBER_LIST, typed, g, Group::memberList))
          .postByEmail(pick(GroupSetting.POST_BY_EMAIL, typed, g, Group::postByEmail))
          .postOnWeb(pick(GroupSetting.POST_ON_WEB, typed, g, Group::postOnWeb))
          .welcome(pick(GroupSetting.WELCOME, typed, g, Group::welcome))
          .spamThreshold(pick(GroupSetting.SPAM_THRESHOLD, typed, g, Group::spamThreshold))
          .heldDays(pick(GroupSetting.HELD_DAYS, typed, g, Group::heldDays))
          .holdDoubtful(pick(GroupSetting.HOLD_DOUBTFUL, typed, g, Group::holdDoubtful))
          .digestPeriod(pick(GroupSetting.DIGEST_PERIOD, typed, g, Group::digestPeriod))
          .fromRewriting(
              new FromRewriting(
                  pick(GroupSetting.FROM_REWRITE, typed, g, x -> x.fromRewriting().when()),
                  pick(GroupSetting.FROM_STYLE, typed, g, x -> x.fromRewriting().style()),
                  pick(GroupSetting.AUTHOR_IN, typed, g, x -> x.fromRewriting().authorIn())))
          .dmarcFailure(pick(GroupSetting.DMARC_FAILURE, typed, g, Group::dmarcFailure))
          .build();
    }

    /** {@code setting} as typed, unless it is what the page showed: then as stored. */
    private <T> T pick(GroupSetting setting, Group typed, Group stored, Function<Group, T> field) {
      boolean untouched = setting.valueIn(typed).equals(shown.get(setting));
      return field.apply(untouched ? stored : typed);
    }

    /** The group as the form says, every field as sent. */
    private Group typed(Group g) {
      return g.edit()
          .title(title.value().strip())
          .description(description.value())
          .visibility(Visibility.of(checked(visibility)))
          .posting(Posting.of(checked(posting)))
          .joining(Joining.of(checked(joining)))
          .subjectPrefix(subjectPrefix.value().strip())
          .replyTo(ReplyTo.of(checked(replyTo)))
          .footer(footer.value())
          .showAddresses(showAddresses)
          .maxBytes(maxBytes)
          .moderation(Moderation.of(checked(moderation)))
          .moderateFirst(Integer.parseInt(moderateFirst.value().strip()))
          .memberList(Visibility.of(checked(memberList)))
          .postByEmail(postByEmail)
          .postOnWeb(postOnWeb)
          .welcome(welcome.value())
          .spamThreshold(GroupSetting.parseScore(spamThreshold.value()))
          .heldDays(Integer.parseInt(heldDays.value().strip()))
          .holdDoubtful(holdDoubtful)
          .digestPeriod(DigestPeriod.of(checked(digestPeriod)))
          .fromRewriting(
              new FromRewriting(
                  FromRewriting.When.of(checked(fromRewrite)),
                  FromRewriting.Style.of(checked(fromStyle)),
                  FromRewriting.AuthorIn.of(checked(authorIn))))
          .dmarcFailure(DmarcFailure.of(checked(dmarcFailure)))
          .build();
    }

    private static String checked(Choice c) {
      return c.options().stream().filter(Option::checked).findFirst().orElseThrow().value();
    }

    /** The option for {@code word}, checked when it is the {@code chosen} one. */
    private static Option option(String chosen, String word, String label, String sentence) {
      return new Option(word, label, sentence, word.equals(chosen));
    }

    static Choice visibility(String value, String error) {
      return audience(
          "visibility",
          "Who can read",
          value,
          error,
          "Anyone may read the group, signed in or not, search engines too.",
          "Anyone signed in to this site may read it; visitors and search engines may not.",
          "Only the group's members and the site's admins see its topics, on the web and in"
              + " search.",
          "Only the group's owners and managers (and the site's admins) see its topics: an"
              + " archive kept for those who run it.");
    }

    static Choice memberList(String value, String error) {
      return audience(
          "member_list",
          "Who can see the member list",
          value,
          error,
          "Anyone may see who the members are, signed in or not.",
          "Anyone signed in to this site may see who the members are.",
          "The group's members see who else is in it.",
          "Only the group's owners and managers see who the members are.");
    }

    /** A choice among the four {@link Visibility} audiences, each with its sentence. */
    private static Choice audience(
        String name,
        String legend,
        String value,
        String error,
        String anyone,
        String signedIn,
        String members,
        String managers) {
      return new Choice(
          name,
          legend,
          List.of(
              option(value, Visibility.PUBLIC.word(), "Anyone", anyone),
              option(value, Visibility.SIGNED_IN.word(), "Signed-in users", signedIn),
              option(value, Visibility.PRIVATE.word(), "Members only", members),
              option(value, Visibility.MANAGERS.word(), "Managers only", managers)),
          error);
    }

    static Choice fromRewrite(String value, String error) {
      return new Choice(
          "from_rewrite",
          "Copies from the group's address",
          List.of(
              option(
                  value,
                  FromRewriting.When.WHEN_NEEDED.word(),
                  "When the author's domain needs it",
                  "Copies of a post from a domain that asks receivers to refuse or junk mail it did"
                      + " not send itself (a DMARC policy of reject or quarantine, as yahoo.com"
                      + " and aol.com publish) come from the group's address, so they are not"
                      + " refused; other copies keep the author's address."),
              option(
                  value,
                  FromRewriting.When.ALWAYS.word(),
                  "Always",
                  "Every copy comes from the group's address, with the author's name."),
              option(
                  value,
                  FromRewriting.When.NEVER.word(),
                  "Never",
                  "Copies keep the author's address; receivers may refuse those from domains with"
                      + " a strict DMARC policy, and bounces may then unsubscribe members.")),
          error);
    }

    static Choice fromStyle(String value, String error) {
      return new Choice(
          "from_style",
          "How such a copy comes from the group",
          List.of(
              option(
                  value,
                  FromRewriting.Style.MUNGE.word(),
                  "Replace the sender",
                  "From reads \"'Ann Smith' via Group\" and the group's address, as Google Groups"
                      + " does; the rest of the copy is as usual."),
              option(
                  value,
                  FromRewriting.Style.WRAP.word(),
                  "Attach the post",
                  "The copy comes from the group and carries the author's message, untouched and"
                      + " still signed, as an attachment. Some mail programs show it less well.")),
          error);
    }

    static Choice authorIn(String value, String error) {
      return new Choice(
          "author_in",
          "Where such a copy names the author",
          List.of(
              option(
                  value,
                  FromRewriting.AuthorIn.REPLY_TO.word(),
                  "Reply-To",
                  "Reply goes to the author (when replies go to the group, the author is put in"
                      + " Cc instead)."),
              option(
                  value,
                  FromRewriting.AuthorIn.CC.word(),
                  "Cc",
                  "The author is in Cc, so Reply All reaches them.")),
          error);
    }

    static Choice dmarcFailure(String value, String error) {
      return new Choice(
          "dmarc_failure",
          "Mail from a member's address that their domain does not vouch for",
          List.of(
              option(
                  value,
                  DmarcFailure.HOLD.word(),
                  "Hold it",
                  "The post waits in the Pending queue: it may be someone forging a member's"
                      + " address, which the member's mail provider did not send or sign"
                      + " (it fails DMARC)."),
              option(
                  value,
                  DmarcFailure.REFUSE.word(),
                  "Refuse it",
                  "The sending server is told no, with the reason: the author's domain did not"
                      + " send it (DMARC)."),
              option(
                  value,
                  DmarcFailure.ACCEPT.word(),
                  "Accept it",
                  "The post goes to the group as any member's would; the check's result is only"
                      + " recorded.")),
          error);
    }

    static Choice digestPeriod(String value, String error) {
      return new Choice(
          "digest_period",
          "How often digests go out",
          List.of(
              option(
                  value,
                  DigestPeriod.DAILY.word(),
                  "Daily",
                  "Members who chose a digest or a summary get one a day, just after midnight"
                      + " (UTC), with the day's posts."),
              option(
                  value,
                  DigestPeriod.WEEKLY.word(),
                  "Weekly",
                  "Members who chose a digest or a summary get one a week, on Monday just after"
                      + " midnight (UTC), with the week's posts.")),
          error);
    }

    static Choice posting(String value, String error) {
      return new Choice(
          "posting",
          "Who can post",
          List.of(
              option(
                  value,
                  Posting.ANYONE.word(),
                  "Anyone",
                  "Anyone may post, member or not, by mail to the group's address."),
              option(
                  value,
                  Posting.MEMBERS.word(),
                  "Members",
                  "Only members may post, by mail or on the web; anyone else's mail is refused"
                      + " with a reason."),
              option(
                  value,
                  Posting.MANAGERS.word(),
                  "Owners and managers (announcements)",
                  "Only the group's owners and managers post; members read and get the mail, and"
                      + " anyone else's post is refused with a reason.")),
          error);
    }

    static Choice joining(String value, String error) {
      return new Choice(
          "joining",
          "Who can join",
          List.of(
              option(
                  value,
                  Joining.OPEN.word(),
                  "Anyone with an account",
                  "Anyone signed in who can see the group may join it with its Join button, or"
                      + " by mail, confirming by reply."),
              option(
                  value,
                  Joining.ASK.word(),
                  "Anyone may ask",
                  "People ask to join, with a reason; an owner or manager approves or declines"
                      + " each request."),
              option(
                  value,
                  Joining.CLOSED.word(),
                  "Invited only",
                  "Nobody joins by asking; the group's owners and managers add or invite"
                      + " members.")),
          error);
    }

    static Choice replyTo(String value, String error) {
      return new Choice(
          "reply_to",
          "Replies go to",
          List.of(
              option(
                  value,
                  ReplyTo.GROUP.word(),
                  "The group",
                  "Each copy carries a Reply-To naming the group, so a reply reaches every"
                      + " member."),
              option(
                  value,
                  ReplyTo.AUTHOR.word(),
                  "The author",
                  "Copies add no Reply-To, so a reply goes to the author alone unless the"
                      + " replier chooses Reply all."),
              option(
                  value,
                  ReplyTo.BOTH.word(),
                  "Both",
                  "Each copy's Reply-To names the author and the group, so a reply offers both"
                      + " and the replier chooses.")),
          error);
    }

    static Choice moderation(String value, String error) {
      return new Choice(
          "moderation",
          "Whose posts wait for a moderator",
          List.of(
              option(
                  value,
                  Moderation.NONE.word(),
                  "Nobody's",
                  "Posts go to the group at once; only the site's rules (loops, sizes, floods)"
                      + " hold anything back."),
              option(
                  value,
                  Moderation.NEW_MEMBERS.word(),
                  "New members' first posts",
                  "A member's first posts (as many as set below) wait in the Pending queue"
                      + " until a moderator approves them."),
              option(
                  value,
                  Moderation.NON_MEMBERS.word(),
                  "Non-members'",
                  "Mail from anyone who is not a member waits in the Pending queue instead of"
                      + " being refused or posted."),
              option(
                  value,
                  Moderation.EVERYONE.word(),
                  "Everyone's",
                  "Every post waits in the Pending queue until a moderator approves it.")),
          error);
    }
  }

  /** A footer as typed in a browser, with its CRLF line ends made plain newlines as stored. */
  private static String lineEnds(String text) {
    return text == null ? "" : text.replace("\r\n", "\n").replace('\r', '\n');
  }
}
