package org.parley.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.parley.account.AccountStore;
import org.parley.account.Passwords;
import org.parley.account.SessionStore;
import org.parley.account.SignupTokens;
import org.parley.archive.ArchiveReader;
import org.parley.archive.ArchiveWriter;
import org.parley.archive.BlobStore;
import org.parley.archive.MessageId;
import org.parley.archive.PostRemoval;
import org.parley.archive.ReadMarks;
import org.parley.archive.RemovedPostPurge;
import org.parley.archive.Threader;
import org.parley.archive.TopicViews;
import org.parley.archive.UnusedBlobPurge;
import org.parley.bounce.BounceInbox;
import org.parley.bounce.BounceNotices;
import org.parley.bounce.BounceProcessing;
import org.parley.bounce.BounceRounds;
import org.parley.bounce.Complaints;
import org.parley.db.Database;
import org.parley.delivery.CaptureRelay;
import org.parley.delivery.CapturedMail;
import org.parley.delivery.Decorator;
import org.parley.delivery.Distributor;
import org.parley.delivery.Enrolments;
import org.parley.delivery.OutgoingMail;
import org.parley.delivery.OwnerMail;
import org.parley.delivery.RefusalNotice;
import org.parley.delivery.RejectionNotice;
import org.parley.delivery.Relay;
import org.parley.delivery.RelayJob;
import org.parley.delivery.SigningRelay;
import org.parley.delivery.SmtpRelay;
import org.parley.delivery.Verp;
import org.parley.delivery.decorations.AuthorPolicies;
import org.parley.delivery.decorations.Origin;
import org.parley.digest.DigestComposer;
import org.parley.digest.DigestJob;
import org.parley.digest.DigestSchedule;
import org.parley.digest.Digests;
import org.parley.group.Confirmations;
import org.parley.group.GroupStore;
import org.parley.imports.ImportJob;
import org.parley.imports.Imports;
import org.parley.imports.Uploads;
import org.parley.ingest.CopySize;
import org.parley.ingest.FreeSpace;
import org.parley.ingest.Ingestor;
import org.parley.ingest.Quarantine;
import org.parley.jobs.JobHandler;
import org.parley.jobs.JobOutcomes;
import org.parley.jobs.JobQueue;
import org.parley.jobs.Workers;
import org.parley.mailauth.DkimKeys;
import org.parley.mailauth.DkimVerification;
import org.parley.mailauth.DmarcPolicies;
import org.parley.mailauth.Dns;
import org.parley.mailauth.DnsJava;
import org.parley.mailauth.SenderAuthenticator;
import org.parley.mailcommand.Admissions;
import org.parley.mailcommand.ConfirmedAction;
import org.parley.mailcommand.JoinRequests;
import org.parley.mailcommand.MailCommands;
import org.parley.mailcommand.Subscriptions;
import org.parley.member.Bans;
import org.parley.member.FeedKeys;
import org.parley.member.MemberStore;
import org.parley.member.Roster;
import org.parley.member.SettingsLinks;
import org.parley.member.TopicChoices;
import org.parley.mime.Limits;
import org.parley.mime.MessageParser;
import org.parley.moderation.AllowedSenders;
import org.parley.moderation.HeldMessages;
import org.parley.moderation.PostHistory;
import org.parley.moderation.Screen;
import org.parley.review.HeldByReply;
import org.parley.review.HeldDecisions;
import org.parley.review.HeldExpiry;
import org.parley.review.HeldReceipts;
import org.parley.review.ModeratorNotices;
import org.parley.search.SearchIndex;
import org.parley.search.SearchIndexer;
import org.parley.smtp.InboundServer;
import org.parley.web.WebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The object graph of one Parley process, built by hand (DESIGN §7): the store, the archive, the
 * one ingest path, the job workers and the listeners. {@link #open} builds and migrates; {@link
 * #start} starts the workers and listeners; {@link #close} stops them in reverse order.
 */
public final class Site implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Site.class);
  private final Settings settings;
  private final Clock clock;
  private final Database db;
  private final BlobStore blobs;
  private final GroupStore groups;
  private final AccountStore accounts;
  private final MemberStore members;
  private final SettingsLinks settingsLinks;
  private final FeedKeys feedKeys;
  private final TopicChoices topicChoices;
  private final Bans bans;
  private final Confirmations confirmations;
  private final MailCommands mailCommands;
  private final Admissions admissions;
  private final Subscriptions subscriptions;
  private final Passwords passwords;
  private final JobQueue jobs;
  private final ArchiveReader reader;
  private final ArchiveWriter writer;
  private final Ingestor ingestor;
  private final Quarantine quarantine;
  private final HeldMessages held;
  private final FreeSpace space;
  private final Workers workers;
  private final ReadMarks readMarks;
  private final TopicViews topicViews;
  private final SessionStore sessions;
  private final SignupTokens signupTokens;
  private final WebMail mailbox;
  private final DkimKeys dkimKeys;
  private final Relay relay;
  private final Dns dns;
  private final Runnable relayCloser;
  private final CapturedMail capturedMail;
  private final SearchIndex searchIndex;
  private final SearchIndexer indexer;
  private final Distributor distributor;
  private final OwnerMail ownerMail;
  private final OutgoingMail outgoingMail;
  private final RejectionNotice rejections;
  private final AllowedSenders allowedSenders;
  private final HeldDecisions decisions;
  private final PostRemoval removals;
  private final Roster roster;
  private final Enrolments enrolments;
  private final Complaints complaints;
  private final BounceRounds bounceRounds;
  private final Digests digests;
  private final Imports imports;
  private final Uploads uploads;
  private InboundServer smtp;
  private InboundServer lmtp;
  private volatile WebServer web;
  private static final Duration WATCH = Duration.ofSeconds(2);
  private volatile boolean stopping;
  private volatile boolean searchPending; // the index would not open at start-up
  private Thread watcher;

  /**
   * @param screen the rules every submission passes; null for the site's own ({@link
   *     Screen#standard(PostHistory, Clock, org.parley.moderation.PostingRate, Bans,
   *     AllowedSenders, boolean)})
   */
  private Site(Settings settings, Clock clock, Passwords passwords, Screen screen) {
    this.settings = settings;
    this.clock = clock;
    this.passwords = passwords;
    try {
      Files.createDirectories(settings.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + settings.dataDir(), e);
    }
    this.space = new FreeSpace(settings.dataDir(), settings.minFreeBytes(), true, clock);
    space.keepReserve();
    this.db = openStore(settings, space);
    this.blobs = new BlobStore(settings.dataDir().resolve("blobs"), db.jdbi());
    this.groups = new GroupStore(db.jdbi(), clock);
    this.accounts = new AccountStore(db.jdbi(), clock);
    this.members = new MemberStore(db.jdbi(), clock);
    this.settingsLinks = new SettingsLinks(db.jdbi(), clock);
    this.feedKeys = new FeedKeys(db.jdbi(), members, clock);
    this.topicChoices = new TopicChoices(db.jdbi(), clock);
    this.bans = new Bans(db.jdbi(), clock, groups.auditLog());
    this.allowedSenders = new AllowedSenders(db.jdbi(), clock, groups.auditLog());
    this.confirmations = new Confirmations(db.jdbi(), clock);
    this.jobs = new JobQueue(db, clock);
    this.reader = new ArchiveReader(db.jdbi(), blobs);
    this.readMarks = new ReadMarks(db.relaxed(), clock);
    this.topicViews = new TopicViews(db.relaxed(), clock, Duration.ofMinutes(30));
    this.sessions = new SessionStore(db.jdbi(), clock, Duration.ofDays(30));
    this.signupTokens = new SignupTokens(db.jdbi(), clock, Duration.ofDays(1));
    this.dkimKeys = new DkimKeys(settings.dataDir().resolve("dkim"), clock);
    if (settings.relay().isPresent()) {
      SmtpRelay smtpRelay =
          SmtpRelay.to(settings.relay().get(), settings.domain(), settings.workers());
      this.relay = new SigningRelay(smtpRelay, dkimKeys, settings.domain(), clock);
      this.relayCloser = smtpRelay::close;
    } else {
      // captured mail is signed too, so the demo and the tests show what would leave
      this.relay =
          new SigningRelay(new CaptureRelay(db, clock), dkimKeys, settings.domain(), clock);
      this.relayCloser = () -> {};
    }
    // DNS about senders: the DMARC policies of authors' domains decide the From of copies, and
    // the door checks SPF and DMARC of incoming mail with the same look-ups and cache
    DnsJava lookups =
        new DnsJava(settings.mailAuth().dnsServers(), settings.mailAuth().dnsTimeout());
    this.dns = lookups;
    AuthorPolicies authorPolicies =
        settings.mailAuth().on()
            ? AuthorPolicies.of(new DmarcPolicies(dns)).strictAlso(settings.mailAuth()::strict)
            : AuthorPolicies.UNKNOWN.strictAlso(settings.mailAuth()::strict);
    this.capturedMail = new CapturedMail(db);
    this.outgoingMail = new OutgoingMail(db, jobs, relay, clock);
    this.mailbox = new WebMail(outgoingMail, capturedMail);
    // Opened on first use: one-off commands (group, member, redrive) never take its lock.
    this.searchIndex = new SearchIndex(settings.dataDir().resolve("index"), reader::bodies);
    JobOutcomes outcomes = new JobOutcomes(jobs, clock, Duration.ofSeconds(10));
    this.indexer =
        new SearchIndexer(reader, groups, searchIndex, outcomes, settings.searchCommitInterval());
    this.distributor = new Distributor(db, jobs, clock);
    this.ownerMail =
        new OwnerMail(blobs, jobs, groups, members, accounts, relay, settings.domain());
    this.held = new HeldMessages(db.jdbi(), blobs, clock, jobs);
    this.roster = new Roster(db.jdbi(), clock, groups.auditLog(), members, bans);
    // bounce processing: reports to the bounce and feedback addresses, probes, notices, rounds
    BounceNotices bounceNotices =
        new BounceNotices(outgoingMail, members, accounts, settings.domain(), this::publicBaseUrl);
    this.complaints = new Complaints(db, groups, members, settings.domain(), clock);
    this.bounceRounds =
        new BounceRounds(
            db, jobs, groups, members, roster, settings.bounces(), bounceNotices, clock);
    this.digests = new Digests(db, jobs, groups, reader, clock);
    this.imports = new Imports(db.jdbi(), jobs, clock);
    this.uploads = new Uploads(settings.dataDir().resolve("imports"));
    List<JobHandler> handlers =
        List.of(
            indexer,
            distributor,
            ownerMail,
            new RefusalNotice(db, reader, groups, ownerMail, relay, jobs, settings.domain()),
            outgoingMail,
            new RemovedPostPurge(db.jdbi(), blobs),
            new UnusedBlobPurge(db.jdbi(), blobs),
            new RelayJob(
                db,
                reader,
                groups,
                new Decorator(
                    settings.domain(), this::publicBaseUrl, settingsLinks, authorPolicies),
                new Verp(settings.domain()),
                relay,
                clock,
                jobs),
            new ModeratorNotices(
                db,
                jobs,
                held,
                groups,
                members,
                accounts,
                confirmations,
                outgoingMail,
                settings.domain(),
                this::publicBaseUrl,
                clock),
            new HeldReceipts(db, held, groups, outgoingMail, settings.domain(), clock),
            new HeldExpiry(db, jobs, held, groups, confirmations, groups.auditLog(), clock),
            new BounceProcessing(
                db,
                groups,
                members,
                settings.bounces(),
                bounceNotices,
                complaints,
                bounceRounds,
                clock),
            bounceRounds,
            new DigestSchedule(digests, jobs, db),
            new ImportJob(
                imports,
                uploads,
                groups,
                this::ingestor,
                jobs,
                Math.max(1, Runtime.getRuntime().availableProcessors())),
            new DigestJob(
                db,
                reader,
                groups,
                members,
                outgoingMail,
                jobs,
                new DigestComposer(
                    settings.domain(), this::publicBaseUrl, settingsLinks::key, clock),
                new Verp(settings.domain()),
                settings.relayMaxMessageBytes() - Settings.RELAY_ALLOWANCE,
                clock));
    this.workers = new Workers(jobs, outcomes, handlers, settings.workers());
    jobs.onEnqueued(workers::wake);
    this.writer =
        new ArchiveWriter(
            db.jdbi(), blobs, jobs, new Threader(Duration.ofDays(30)), clock, workers);
    MessageParser parser =
        new MessageParser(Limits.defaults().withMaxBytes(settings.maxMessageBytes()));
    this.quarantine = new Quarantine(db.jdbi(), blobs, clock);
    this.admissions =
        new Admissions(
            db.jdbi(),
            new JoinRequests(db.jdbi(), clock),
            members,
            bans,
            confirmations,
            groups.auditLog(),
            outgoingMail,
            settings.domain(),
            clock,
            this::publicBaseUrl);
    this.subscriptions =
        new Subscriptions(admissions, confirmations, groups, accounts, members, parser);
    this.rejections = new RejectionNotice(db, held, outgoingMail, groups, settings.domain(), clock);
    this.removals =
        new PostRemoval(db.jdbi(), jobs, groups.auditLog(), clock, settings.keepRemovedRaw());
    this.enrolments =
        new Enrolments(
            db,
            accounts,
            members,
            roster,
            bans,
            confirmations,
            groups.auditLog(),
            outgoingMail,
            settings.domain(),
            this::publicBaseUrl,
            clock,
            settings.maxDirectAddsPerDay());
    this.ingestor =
        new Ingestor(
            groups,
            members,
            accounts,
            parser,
            screen != null
                ? screen
                : Screen.standard(
                    new PostHistory(db.jdbi()),
                    clock,
                    settings.postingRate(),
                    bans,
                    allowedSenders,
                    settings.trustSpamHeaders(),
                    settings.spam()),
            writer,
            settings.domain(),
            settings.maxMessageBytes(),
            space,
            quarantine,
            held,
            copySize(
                new Decorator(
                    settings.domain(), this::publicBaseUrl, settingsLinks, authorPolicies)),
            settings.relayMaxMessageBytes() - Settings.RELAY_ALLOWANCE,
            settings.spam().gate(),
            new SenderAuthenticator(
                settings.mailAuth().on(), lookups, new DkimVerification(lookups, clock)));
    this.decisions =
        new HeldDecisions(
            held, ingestor, rejections, bans, allowedSenders, confirmations, groups.auditLog());
    this.mailCommands = new MailCommands(confirmations, groups, parser, confirmedActions());
  }

  /**
   * The size of a member's copy of a post, as {@link RelayJob} would send it: decorated by the same
   * {@link Decorator}, with a member token of full length and the member's links in the footer.
   */
  private static CopySize copySize(Decorator decorator) {
    String token = "0".repeat(32);
    return (group, raw) ->
        decorator
            .decorate(
                group,
                raw,
                // a topic id of ten digits: the footer's "mute this topic" link at its longest
                new Origin(
                    "",
                    "",
                    Instant.EPOCH,
                    MessageId.of("<copy-size@parley.generated>"),
                    9_999_999_999L))
            .copyFor(token)
            .length;
  }

  /**
   * Opens the store and migrates it. On a full disk SQLite cannot even read (its WAL index, the
   * {@code -shm} file, needs room): then the reserve is released ({@link FreeSpace}) and the store
   * opened again, so the site starts with posting paused rather than not at all (RELIABILITY A2).
   */
  private static Database openStore(Settings settings, FreeSpace space) {
    try {
      return Database.open(settings.db(), settings.dataDir());
    } catch (RuntimeException e) {
      if (!space.releaseReserve("the store would not open: " + firstLine(e))) {
        throw new IllegalStateException(
            "cannot open the store in " + space.describe() + ": " + firstLine(e), e);
      }
      log.warn(
          "at start-up, the store would not open in {} ({}); opening it again with the reserve"
              + " released",
          space.describe(),
          firstLine(e));
      try {
        return Database.open(settings.db(), settings.dataDir());
      } catch (RuntimeException again) {
        again.addSuppressed(e);
        throw new IllegalStateException(
            "cannot open the store in " + space.describe() + ": " + firstLine(again), again);
      }
    }
  }

  private static String firstLine(Throwable e) {
    String s = String.valueOf(e);
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Opens the store (migrating it) and builds the graph; nothing listens yet. */
  public static Site open(Settings settings) {
    return new Site(settings, Clock.systemUTC(), new Passwords(), null);
  }

  /** As {@link #open(Settings)} with a given clock and password cost (tests, benchmarks). */
  public static Site open(Settings settings, Clock clock, Passwords passwords) {
    return new Site(settings, clock, passwords, null);
  }

  /**
   * As {@link #open(Settings, Clock, Passwords)} with the given screen instead of the site's rules
   * (tests: a rule that fails, to see what becomes of a message nobody can process).
   */
  public static Site open(Settings settings, Clock clock, Passwords passwords, Screen screen) {
    return new Site(settings, clock, passwords, screen);
  }

  /**
   * Starts the job workers, the SMTP listener and the web server. A listener that cannot start
   * leaves none behind (issue 16, item 14): those already listening are closed, and the failure is
   * thrown in one line naming the address; a half-started site, taking mail with no web, is worse
   * than none, and its supervisor sees it stop.
   */
  public synchronized Site start() {
    try {
      return startParts();
    } catch (RuntimeException | Error e) {
      // the listeners start in order: the first one missing is the one that failed
      String failed =
          smtp == null ? "smtp" : lmtp == null && settings.lmtpPort().isPresent() ? "lmtp" : "web";
      stopListeners();
      IllegalStateException told = portTaken(failed, e);
      if (told != null) {
        throw told;
      }
      throw e;
    }
  }

  private Site startParts() {
    if (db.dialect() == Database.Dialect.SQLITE) {
      // One node owns an embedded store: whatever was running when it stopped runs again now.
      atStart("release the jobs that were running when it stopped", jobs::releaseRunning);
    }
    int held = quarantine.heldCount();
    if (held > 0) {
      log.warn(
          "{} message(s) are held in quarantine: they could not be processed (see: parley"
              + " quarantine list)",
          held);
    }
    if (dkimKeys.active(settings.domain()).isEmpty()) {
      log.warn(
          "no DKIM key for {}: mail leaves unsigned, and big mailbox providers may junk or refuse"
              + " it (make one with: parley dkim keygen, then publish the record it prints)",
          settings.domain());
    }
    atStart("schedule the next digests", digests::ensureScheduled);
    workers.start();
    indexer.start();
    searchPending = !openSearch(true);
    watcher = Thread.ofPlatform().name("parley-free-space").daemon().start(this::watchFreeSpace);
    BounceInbox reports = new BounceInbox(db, jobs, groups, settings.domain(), clock);
    atStart("schedule the bounce rounds", bounceRounds::schedule);
    smtp =
        new InboundServer(
            InboundServer.Protocol.SMTP,
            settings.smtpHost(),
            settings.smtpPort(),
            settings.domain(),
            settings.maxMessageBytes(),
            settings.maxConnectionsPerAddress(),
            settings.stopGrace(),
            space,
            groups,
            members,
            ingestor,
            ownerMail,
            reports,
            mailCommands,
            subscriptions);
    smtp.start();
    if (settings.lmtpPort().isPresent()) {
      lmtp =
          new InboundServer(
              InboundServer.Protocol.LMTP,
              settings.lmtpHost(),
              settings.lmtpPort().getAsInt(),
              settings.domain(),
              settings.maxMessageBytes(),
              settings.maxConnectionsPerAddress(),
              settings.stopGrace(),
              space,
              groups,
              members,
              ingestor,
              ownerMail,
              reports,
              mailCommands,
              subscriptions);
      lmtp.start();
    }
    atStart("remove expired web sessions", sessions::purgeExpired);
    atStart(
        "delete the files of uploads that a stop interrupted",
        () -> {
          try {
            uploads.sweep(imports.unfinishedFolders());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    atStart(
        "forget confirmations that expired a week ago",
        () -> confirmations.purgeExpired(clock.instant().minus(Duration.ofDays(7))));
    web =
        new WebServer(
                new WebServer.Parts(
                    settings.webHost(),
                    settings.webPort(),
                    settings.baseUrl(),
                    settings.domain(),
                    clock,
                    groups,
                    accounts,
                    members,
                    passwords,
                    reader,
                    readMarks,
                    topicViews,
                    sessions,
                    signupTokens,
                    ingestor,
                    searchIndex,
                    mailbox,
                    mailbox,
                    quarantine,
                    settings.trustedProxies(),
                    this.held,
                    rejections,
                    decisions,
                    allowedSenders,
                    removals,
                    admissions,
                    subscriptions,
                    roster,
                    bans,
                    enrolments,
                    settingsLinks,
                    topicChoices,
                    digests,
                    feedKeys,
                    imports,
                    uploads,
                    settings.maxImportBytes()))
            .start();
    return this;
  }

  /**
   * Opens the search index and starts a rebuild if it may not hold the whole archive. If it cannot
   * be read or written (a full disk: Lucene writes as it opens a new index) the site starts without
   * it, for the index is derived and the archive is the record: searches answer that search is
   * unavailable for now, index jobs are retried, and {@link #watchFreeSpace} tries again; once it
   * opens, an index that may not hold every post is rebuilt.
   *
   * <p>An index locked by another process (or a bug) stops the start, as before.
   *
   * @param atStart whether this is start-up: a failure is logged then, and not at each retry
   * @return whether the index opened
   */
  private boolean openSearch(boolean atStart) {
    try {
      indexer.rebuildIfIncomplete();
      return true;
    } catch (IOException | RuntimeException e) {
      if (atStart && e instanceof RuntimeException r && !FreeSpace.full(e)) {
        throw r; // another process holds the index, or a bug: as before, the start fails
      }
      if (!atStart) {
        log.debug("the search index still does not open: {}", e.toString());
        return false;
      }
      log.error(
          "cannot open the search index {} in {}: {}; search is unavailable until it opens (tried"
              + " again every {} s), and posts are indexed then",
          searchIndex.directory(),
          space.describe(),
          firstLine(e),
          WATCH.toSeconds());
      return false;
    }
  }

  /**
   * Every few seconds: reads the disk's free space, so posting pauses and resumes (with one log
   * line per change) even when nobody posts, and writes the reserve back once there is room; and
   * opens the search index if it would not open at start-up.
   */
  private void watchFreeSpace() {
    while (!stopping) {
      try {
        Thread.sleep(WATCH.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      try {
        space.check();
        if (searchPending) {
          searchPending = !openSearch(false);
          if (!searchPending) {
            log.info("search index {} opened: search is available", searchIndex.directory());
          }
        }
      } catch (RuntimeException e) {
        log.warn("free-space check failed: {}", e.toString());
      }
    }
  }

  /**
   * A write that start-up makes for tidiness: if the store refuses it (a full disk, RELIABILITY
   * A2), the site starts anyway, says so in one line naming the data directory and its free space,
   * and takes no new posts while the disk has no room (SMTP 452, web 503).
   */
  private void atStart(String what, Runnable write) {
    try {
      write.run();
    } catch (RuntimeException e) {
      boolean full = FreeSpace.full(e);
      if (full) {
        space.refused(e);
      }
      log.error(
          "at start-up, could not {} in {}: {}; starting anyway ({})",
          what,
          space.describe(),
          e.toString(),
          full
              ? "posting is paused, new mail answered 452, until there is room"
              : "it is done again at the next start");
    }
  }

  /**
   * When {@code e} is a port that the {@code listener} (smtp, lmtp or web) cannot take, a failure
   * told in one line naming the address and the key to change; otherwise null.
   */
  private IllegalStateException portTaken(String listener, Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (!(root instanceof java.net.BindException)) {
      return null;
    }
    String address =
        switch (listener) {
          case "smtp" -> settings.smtpHost() + ":" + settings.smtpPort();
          case "lmtp" -> settings.lmtpHost() + ":" + settings.lmtpPort().getAsInt();
          default -> settings.webHost() + ":" + settings.webPort();
        };
    return new IllegalStateException(
        "the "
            + listener
            + " listener cannot listen on "
            + address
            + " ("
            + root.getMessage()
            + "); free it or set "
            + listener
            + "_port",
        e);
  }

  /** Stops what {@link #start} started of the listeners, after one of them failed to start. */
  private void stopListeners() {
    for (Runnable stop :
        List.<Runnable>of(
            () -> {
              if (web != null) {
                web.close();
              }
            },
            () -> {
              if (smtp != null) {
                smtp.close();
              }
            },
            () -> {
              if (lmtp != null) {
                lmtp.close();
              }
            })) {
      try {
        stop.run();
      } catch (RuntimeException suppressed) {
        log.warn("could not stop a listener after a failed start: {}", suppressed.toString());
      }
    }
    web = null;
    smtp = null;
    lmtp = null;
  }

  public Settings settings() {
    return settings;
  }

  public Clock clock() {
    return clock;
  }

  public Database db() {
    return db;
  }

  public BlobStore blobs() {
    return blobs;
  }

  public GroupStore groups() {
    return groups;
  }

  public AccountStore accounts() {
    return accounts;
  }

  /**
   * What each kind of confirmation token does when its reply comes back to {@code
   * <group>-confirm+<token>@}: one handler per action word.
   */
  private List<ConfirmedAction> confirmedActions() {
    return List.of(
        subscriptions.joinAction(),
        subscriptions.leaveAction(),
        subscriptions.decisionAction(),
        new HeldByReply(decisions, held, accounts));
  }

  /** Mail to the groups' command addresses. */
  public MailCommands mailCommands() {
    return mailCommands;
  }

  /** Joining, asking to join, and deciding requests. */
  public Admissions admissions() {
    return admissions;
  }

  /** Joining and leaving by mail, and their confirmations. */
  public Subscriptions subscriptions() {
    return subscriptions;
  }

  /** The addresses and domains banned from each group. */
  public Bans bans() {
    return bans;
  }

  /** The tokens that confirm an action by reply or link. */
  public Confirmations confirmations() {
    return confirmations;
  }

  /** A group's members as those who run it change them, each change audit-logged. */
  public Roster roster() {
    return roster;
  }

  /** Members added directly and invited, with the mail each gets. */
  public Enrolments enrolments() {
    return enrolments;
  }

  /** What signs and reads the links to members' own settings pages. */
  public SettingsLinks settingsLinks() {
    return settingsLinks;
  }

  /** The keys of members' personal feed addresses. */
  public FeedKeys feedKeys() {
    return feedKeys;
  }

  /** Members' choices about single topics: muted, followed. */
  public TopicChoices topicChoices() {
    return topicChoices;
  }

  /** Complaints (RFC 5965 reports) and their kept reports ({@code parley complaints}). */
  public Complaints complaints() {
    return complaints;
  }

  /** Digests: closing a group's period, now or at its end, so each member is owed one. */
  public Digests digests() {
    return digests;
  }

  public MemberStore members() {
    return members;
  }

  public Passwords passwords() {
    return passwords;
  }

  /** Distribution: records each post's copies and queues them for the relay. */
  public Distributor distributor() {
    return distributor;
  }

  public JobQueue jobs() {
    return jobs;
  }

  public ArchiveReader reader() {
    return reader;
  }

  /** Messages a group's chain held for a moderator ({@code parley held}). */
  /** Removes posts from the archive (the web's Remove and {@code parley post remove}). */
  public PostRemoval removals() {
    return removals;
  }

  public HeldMessages held() {
    return held;
  }

  /** What moderators do with held messages, on every path. */
  public HeldDecisions decisions() {
    return decisions;
  }

  /** The addresses each group's moderators always allow. */
  public AllowedSenders allowedSenders() {
    return allowedSenders;
  }

  /** Messages the ingest path could not process ({@code parley quarantine}). */
  public Quarantine quarantine() {
    return quarantine;
  }

  /** The imports started on groups' web pages. */
  public Imports imports() {
    return imports;
  }

  public Ingestor ingestor() {
    return ingestor;
  }

  public ReadMarks readMarks() {
    return readMarks;
  }

  public SearchIndex searchIndex() {
    return searchIndex;
  }

  /**
   * Indexes now the posts archived while the site was stopped ({@code parley import}), so they are
   * searchable before the next start; see {@link SearchIndexer#catchUp}.
   *
   * @return how many posts were indexed; empty when a serving site holds the index and indexes them
   */
  public java.util.OptionalInt indexQueued() throws Exception {
    return indexer.catchUp(jobs);
  }

  /**
   * Rebuilds the search index from the archive ({@code parley reindex}); the site must not be
   * serving in another process, which holds the index's lock.
   *
   * @return how many posts were indexed
   */
  public int reindex() throws IOException {
    return indexer.rebuild();
  }

  /**
   * The site's public URL for links in mail: the configured one, with the real port once the web
   * server listens (when it was started on port 0).
   */
  public String publicBaseUrl() {
    WebServer w = web;
    return w != null ? w.baseUrl() : settings.baseUrl();
  }

  /** The site's DNS look-ups about senders, with their timeouts and cache. */
  public Dns dns() {
    return dns;
  }

  /** The web server's port; valid after {@link #start}. */
  public int webPort() {
    return web.port();
  }

  /** Every route the web server registered, as {@code METHOD path} ({@link WebServer#routes}). */
  public java.util.List<String> webRoutes() {
    return web.routes();
  }

  /** The site's DKIM keys, which sign all mail it sends. */
  public DkimKeys dkimKeys() {
    return dkimKeys;
  }

  /**
   * Where outbound mail goes: the configured relay, or the capture mailbox, signed with the site's
   * DKIM keys.
   */
  public Relay relay() {
    return relay;
  }

  /** Mail the web writes, queued for the relay ({@code send-mail} jobs). */
  public OutgoingMail outgoingMail() {
    return outgoingMail;
  }

  /** The mail captured when no relay is configured. */
  public CapturedMail capturedMail() {
    return capturedMail;
  }

  /** The SMTP listener's port; valid after {@link #start}. */
  public int smtpPort() {
    return smtp.port();
  }

  /** The LMTP listener's port when one was configured ({@code lmtp_port}); valid after start. */
  public OptionalInt lmtpPort() {
    return lmtp == null ? OptionalInt.empty() : OptionalInt.of(lmtp.port());
  }

  public Path dataDir() {
    return settings.dataDir();
  }

  @Override
  public synchronized void close() {
    stopping = true;
    if (watcher != null) {
      watcher.interrupt();
      try {
        watcher.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (web != null) {
      web.close();
    }
    // both listeners stop taking mail at once, so the site's stop waits one grace, not two
    if (smtp != null) {
      smtp.stopTaking();
    }
    if (lmtp != null) {
      lmtp.stopTaking();
    }
    if (smtp != null) {
      smtp.close();
    }
    if (lmtp != null) {
      lmtp.close();
    }
    workers.close();
    writer.close();
    indexer.close(); // commits what the index jobs added and completes them
    try {
      searchIndex.close();
    } catch (IOException e) {
      // what was committed is safe; jobs not yet completed run again at the next start
      log.warn("cannot close the search index {}", searchIndex.directory(), e);
    }
    relayCloser.run();
    db.close();
    // on a full disk, the room the store gave back is what the next start needs to open it
    space.keepWhatIsFree();
  }
}
