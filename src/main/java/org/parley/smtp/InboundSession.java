package org.parley.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.parley.bounce.BounceInbox;
import org.parley.delivery.OwnerMail;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.GroupStore;
import org.parley.ingest.Envelope;
import org.parley.ingest.FreeSpace;
import org.parley.ingest.IngestResult;
import org.parley.ingest.Ingestor;
import org.parley.ingest.Source;
import org.parley.ingest.Submission;
import org.parley.mailauth.ReceivedFrom;
import org.parley.mailcommand.MailCommands;
import org.parley.mailcommand.Outcome;
import org.parley.mailcommand.Subscriptions;
import org.parley.member.Member;
import org.parley.member.MemberStore;
import org.parley.mime.Sizes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.Session;

/**
 * One mail transaction (MAIL, RCPT…, DATA). Recipients are checked at RCPT. Over SMTP the message
 * is parsed, screened for every group it is addressed to, and refused whole if any group refuses
 * it; then it is archived in each, and 250 is answered only after every commit (RFC 5321 §4.2.5:
 * the server takes responsibility only when it has stored the message). Over LMTP each recipient
 * gets its own answer, after its own commit (RFC 2033 §4.2). Mail to a group's owner address is
 * kept and passed on to the people who run the group ({@link OwnerMail}), not posted; a delivery
 * report to a bounce or feedback address is kept, and read after the answer ({@link BounceInbox}).
 * {@link DataCommand} reads the message and sends the answers.
 */
final class InboundSession implements MessageHandler {
  private static final Logger log = LoggerFactory.getLogger(InboundSession.class);
  private static final Reply UNSUBSCRIBED = new Reply(250, "2.0.0 Unsubscribed");
  private static final Reply REPORT = new Reply(250, "2.0.0 Report received");
  private static final Reply PASSED_ON =
      new Reply(250, "2.0.0 Ok: passed on to the people who run the group");

  /** The answer to a message every group addressed holds for a moderator: it is on disk. */
  private static final Reply MODERATED =
      new Reply(250, "2.0.0 Ok: held for a moderator, who will approve or reject it");

  private static final Reply HELD =
      new Reply(
          250,
          "2.0.0 Kept for the site's operators: this message could not be processed, time after"
              + " time");
  private static final Reply NO_ROOM =
      new Reply(
          452,
          "4.3.1 The server has no memory free for a message this size just now; please try"
              + " again later");

  private final MessageContext context;
  private final RecipientResolver resolver;
  private final Ingestor ingestor;
  private final OwnerMail owners;
  private final BounceInbox reports;
  private final GroupStore groupStore;
  private final MemberStore members;
  private final long maxBytes;
  private final BodyBudget budget;
  private final Drain drain;
  private final FreeSpace space;
  private final String domain;
  private boolean counted; // this transaction is one the drain waits for
  private String mailFrom = "";
  private final Map<GroupName, Group> groups = new LinkedHashMap<>();
  private final Map<GroupName, Group> owned = new LinkedHashMap<>(); // group-owner@ addresses
  private final List<String> recipients = new ArrayList<>();
  private final List<RecipientResolver.Target> targets = new ArrayList<>();
  private final List<RecipientResolver.Target> bounces = new ArrayList<>(); // Bounce, Feedback
  private final List<RecipientResolver.Target.Leave> leaves = new ArrayList<>();
  private final List<RecipientResolver.Target.Confirm> confirms = new ArrayList<>();
  private final List<RecipientResolver.Target.Request> requests = new ArrayList<>();
  private final MailCommands commands;
  private final Subscriptions subscriptions;

  InboundSession(
      MessageContext context,
      RecipientResolver resolver,
      Ingestor ingestor,
      OwnerMail owners,
      BounceInbox reports,
      GroupStore groupStore,
      MemberStore members,
      long maxBytes,
      BodyBudget budget,
      Drain drain,
      FreeSpace space,
      String domain,
      MailCommands commands,
      Subscriptions subscriptions) {
    this.context = context;
    this.commands = commands;
    this.subscriptions = subscriptions;
    this.drain = drain;
    this.space = space;
    this.domain = domain;
    this.groupStore = groupStore;
    this.members = members;
    this.resolver = resolver;
    this.ingestor = ingestor;
    this.owners = owners;
    this.reports = reports;
    this.maxBytes = maxBytes;
    this.budget = budget;
  }

  /**
   * Begins the transaction, unless the disk is short of room (452, {@link FreeSpace}) or the
   * listener is stopping (421, and the line is closed).
   */
  @Override
  public void from(String from) throws RejectException {
    long declared = 0;
    if (context instanceof Session s) {
      if (s.getSocket().isClosed()) {
        // the session was ended (too many errors) with commands still buffered: begin nothing
        throw new DropConnectionException(421, "4.7.0 " + domain + " closing the connection");
      }
      declared = s.getDeclaredMessageSize();
    }
    if (!space.enough(declared)) {
      throw new RejectException(
          452,
          space.paused().isPresent()
              ? FreeSpace.SMTP_REPLY
              : "4.3.1 Insufficient system storage for a message this size; please try again"
                  + " later");
    }
    if (!drain.begin()) {
      throw new DropConnectionException(
          421, "4.3.2 " + domain + " is shutting down; please try again later");
    }
    counted = true;
    this.mailFrom = from == null ? "" : from;
  }

  @Override
  public void recipient(String rcpt) throws RejectException {
    try {
      RecipientResolver.Target target = resolver.resolve(rcpt);
      switch (target) {
        case RecipientResolver.Target.Post p -> groups.putIfAbsent(p.group().name(), p.group());
        case RecipientResolver.Target.Bounce b -> bounces.add(b);
        case RecipientResolver.Target.Feedback f -> bounces.add(f);
        case RecipientResolver.Target.Leave l -> leaves.add(l);
        case RecipientResolver.Target.Owner o -> owned.putIfAbsent(o.group().name(), o.group());
        case RecipientResolver.Target.Confirm c -> confirms.add(c);
        case RecipientResolver.Target.Request q -> requests.add(q);
      }
      targets.add(target);
      recipients.add(rcpt);
    } catch (RecipientResolver.Refusal r) {
      log.info(
          "refused RCPT {} from {} ({}): {}",
          rcpt,
          mailFrom,
          context.getRemoteAddress(),
          r.getMessage());
      throw new RejectException(r.code, r.getMessage());
    }
  }

  /**
   * The BDAT (RFC 3030) path, which SubEthaSMTP's own command still serves: reads the chunks up to
   * the limit and answers as {@link #deliver} does.
   */
  @Override
  public String data(InputStream in) throws RejectException, IOException {
    Reply reply = deliver(DataReader.readWhole(in, maxBytes, budget));
    if (!reply.ok()) {
      throw new RejectException(reply.code(), reply.text());
    }
    return reply.text();
  }

  /**
   * SMTP: one answer for the whole message. It is screened for every group it is addressed to and
   * refused whole if any group refuses it; otherwise it is archived in each, and the answer is
   * given after the last commit.
   */
  Reply deliver(DataReader.Result body) {
    try {
      Reply reply = answer(body);
      if (reply.ok()) {
        delivered();
      }
      return reply;
    } finally {
      release(body);
    }
  }

  /** A body read is held in the budget until it has been archived or refused. */
  private void release(DataReader.Result body) {
    if (body instanceof DataReader.Result.Body(byte[] raw)) {
      budget.release(raw.length);
    }
  }

  private Reply answer(DataReader.Result body) {
    if (body instanceof DataReader.Result.NoRoom) {
      return NO_ROOM;
    }
    if (!(body instanceof DataReader.Result.Body(byte[] raw))) {
      return tooBig();
    }
    for (RecipientResolver.Target.Leave leave : leaves) {
      leaveGroup(leave);
    }
    Reply confirmed = null;
    for (RecipientResolver.Target.Confirm c : confirms) {
      Reply r = confirm(c, raw);
      confirmed = confirmed == null || !r.ok() ? r : confirmed;
    }
    for (RecipientResolver.Target.Request q : requests) {
      Reply r = request(q, raw);
      confirmed = confirmed == null || !r.ok() ? r : confirmed;
    }
    if (groups.isEmpty() && owned.isEmpty() && confirmed != null) {
      return confirmed;
    }
    if (groups.isEmpty() && owned.isEmpty() && !leaves.isEmpty()) {
      return UNSUBSCRIBED;
    }
    for (RecipientResolver.Target b : bounces) {
      Reply kept = keepReport(b, raw);
      if (!kept.ok()) {
        return kept;
      }
    }
    if (groups.isEmpty() && owned.isEmpty()) {
      return REPORT;
    }
    Envelope envelope = envelope(raw, false);
    List<Ingestor.Prepared> ready = new ArrayList<>();
    int held = 0;
    for (Group group : groups.values()) {
      switch (ingestor.prepare(new Submission(group.name(), raw, envelope, Source.SMTP), group)) {
        case Ingestor.Prepared.Done d -> {
          Optional<Reply> refused = refusal(d.result());
          if (refused.isPresent()) {
            return refused.get();
          }
          if (d.result() instanceof IngestResult.Quarantined) {
            held++;
          }
        }
        case Ingestor.Prepared.Ready r -> ready.add(r);
        case Ingestor.Prepared.Hold h -> ready.add(h);
      }
    }
    int moderated = 0;
    for (Ingestor.Prepared r : ready) {
      IngestResult result = ingestor.commit(r);
      Optional<Reply> failed = refusal(result);
      if (failed.isPresent()) {
        return failed.get();
      }
      if (result instanceof IngestResult.Held) {
        moderated++;
      }
    }
    for (Group g : owned.values()) {
      Optional<Reply> failed = passOn(g, raw);
      if (failed.isPresent()) {
        return failed.get();
      }
    }
    if (groups.isEmpty()) {
      return PASSED_ON;
    }
    if (held > 0 && ready.isEmpty()) {
      return HELD;
    }
    if (moderated > 0 && moderated == ready.size() && held == 0) {
      return MODERATED;
    }
    return new Reply(
        250,
        "2.0.0 Ok: queued as "
            + (ready.size() - moderated)
            + " post(s)"
            + (moderated > 0 ? "; " + moderated + " group(s) hold it for a moderator" : "")
            + (held > 0 ? "; " + held + " group(s) kept it for the operators" : ""));
  }

  /**
   * LMTP (RFC 2033 §4.2): one answer per accepted recipient, in RCPT order, each its own outcome.
   * Each group addressed is screened and archived on its own, so one group may take the message
   * (250 after its commit) while another refuses it; a group named twice is ingested once and
   * answers both.
   */
  List<Reply> deliverEach(DataReader.Result body) {
    try {
      List<Reply> replies = answerEach(body);
      if (replies.stream().anyMatch(Reply::ok)) {
        delivered();
      }
      return replies;
    } finally {
      release(body);
    }
  }

  private List<Reply> answerEach(DataReader.Result body) {
    if (body instanceof DataReader.Result.NoRoom) {
      return recipients.stream().map(r -> NO_ROOM).toList();
    }
    if (!(body instanceof DataReader.Result.Body(byte[] raw))) {
      return recipients.stream().map(r -> tooBig()).toList();
    }
    Envelope envelope = envelope(raw, true);
    Map<GroupName, Reply> posted = new HashMap<>();
    Map<GroupName, Reply> passedOn = new HashMap<>();
    List<Reply> replies = new ArrayList<>(targets.size());
    for (RecipientResolver.Target target : targets) {
      replies.add(
          switch (target) {
            case RecipientResolver.Target.Post p ->
                posted.computeIfAbsent(
                    p.group().name(),
                    g ->
                        taken(
                            g,
                            ingestor.submit(
                                new Submission(g, raw, envelope, Source.SMTP), p.group())));
            case RecipientResolver.Target.Leave l -> {
              leaveGroup(l);
              yield UNSUBSCRIBED;
            }
            case RecipientResolver.Target.Owner o ->
                passedOn.computeIfAbsent(
                    o.group().name(), g -> passOn(o.group(), raw).orElse(PASSED_ON));
            case RecipientResolver.Target.Bounce b -> keepReport(b, raw);
            case RecipientResolver.Target.Feedback f -> keepReport(f, raw);
            case RecipientResolver.Target.Confirm c -> confirm(c, raw);
            case RecipientResolver.Target.Request q -> request(q, raw);
          });
    }
    return replies;
  }

  /**
   * Keeps a message to a bounce or feedback address for bounce processing, which reads it after the
   * answer: 250 once it is stored with its job, 451 when the store would not keep it.
   */
  private Reply keepReport(RecipientResolver.Target target, byte[] raw) {
    try {
      if (target instanceof RecipientResolver.Target.Bounce b) {
        reports.bounce(b.group(), b.token(), mailFrom, raw);
      } else {
        reports.feedback(mailFrom, raw);
      }
      return REPORT;
    } catch (IOException e) {
      log.error("a report from <{}> could not be kept; answered 451", mailFrom, e);
      return new Reply(
          451, "4.3.0 The report could not be stored just now; please try again later");
    }
  }

  /** Carries out a confirmation by reply; 250 with what was done, or 550 with why not. */
  private Reply confirm(RecipientResolver.Target.Confirm c, byte[] raw) {
    try {
      Outcome outcome = commands.confirm(c.group(), c.token(), mailFrom, raw);
      return outcome.done()
          ? new Reply(250, "2.0.0 " + oneLine(outcome.sentence()))
          : new Reply(550, "5.7.1 " + oneLine(outcome.sentence()));
    } catch (RuntimeException e) {
      log.error("a confirmation for {} could not be carried out", c.group().name(), e);
      return new Reply(
          451,
          "4.3.0 The confirmation could not be carried out just now; please" + " try again later");
    }
  }

  /**
   * Carries out a message to a joining or leaving address ({@link Subscriptions}); 250 with one
   * sentence, or 550 with why not.
   */
  private Reply request(RecipientResolver.Target.Request q, byte[] raw) {
    try {
      Outcome outcome = subscriptions.request(q.group(), q.command(), mailFrom, raw);
      return outcome.done()
          ? new Reply(250, "2.0.0 " + oneLine(outcome.sentence()))
          : new Reply(550, "5.7.1 " + oneLine(outcome.sentence()));
    } catch (RuntimeException e) {
      log.error("a request to join or leave {} could not be carried out", q.group().name(), e);
      return new Reply(
          451, "4.3.0 The request could not be carried out just now; please try again later");
    }
  }

  /** The session has delivered mail: the errors it made before no longer count against it. */
  private void delivered() {
    if (context instanceof Session s) {
      ListenerSocket.delivered(s.getSocket());
    }
  }

  /**
   * The envelope of {@code raw}, with the client SPF judges: over SMTP the one connected, with the
   * name it gave in EHLO; over LMTP (RFC 2033), whose one client is the site's own MTA, the client
   * that MTA took the message from, as its {@code Received} field on top says ({@link
   * ReceivedFrom}), or none when it says nothing readable.
   */
  private Envelope envelope(byte[] raw, boolean lmtp) {
    String remote = String.valueOf(context.getRemoteAddress());
    if (lmtp) {
      Optional<ReceivedFrom> front = ReceivedFrom.topmost(raw);
      return new Envelope(
          mailFrom,
          recipients,
          remote,
          front.map(ReceivedFrom::address).orElse(""),
          front.map(ReceivedFrom::helo).orElse(""));
    }
    String client =
        context.getRemoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
            ? a.getAddress().getHostAddress()
            : "";
    return new Envelope(mailFrom, recipients, remote, client, context.getHelo().orElse(""));
  }

  private Reply tooBig() {
    return new Reply(552, tooBigText(maxBytes));
  }

  /**
   * The reason a message over the site's limit is refused (RFC 1870 §6, RFC 3463 5.3.4), at MAIL
   * (its declared SIZE) or after DATA. The limit keeps every member's copy, a little larger than
   * the post, within what the outgoing relay takes ({@code relay_max_message_bytes}).
   */
  static String tooBigText(long maxBytes) {
    return "5.3.4 Message too big: this site takes messages up to "
        + Sizes.of(maxBytes)
        + " ("
        + maxBytes
        + " bytes), so that each member's copy fits its outgoing mail server; send large files"
        + " as a link";
  }

  /**
   * Keeps a message to a group's owner address and queues it for them ({@link OwnerMail}); empty
   * once committed, else the answer that asks the sender to try again.
   */
  private Optional<Reply> passOn(Group group, byte[] raw) {
    try {
      owners.take(group, raw);
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      if (FreeSpace.full(e)) {
        space.refused(e); // nothing was kept: the sender keeps it until there is room
        return Optional.of(new Reply(452, FreeSpace.SMTP_REPLY));
      }
      log.error("could not keep a message to {} for its owners", owners.address(group), e);
      return Optional.of(
          new Reply(451, "4.3.0 The message could not be stored just now; please try again later"));
    }
  }

  /** LMTP's answer for one group's outcome. */
  private static Reply taken(GroupName group, IngestResult result) {
    return refusal(result)
        .orElse(
            switch (result) {
              case IngestResult.Quarantined q -> HELD;
              case IngestResult.Held h ->
                  new Reply(250, "2.0.0 Ok: held for a moderator of " + group);
              default -> new Reply(250, "2.0.0 Ok: taken by " + group);
            });
  }

  /**
   * The refusal a group's outcome calls for, if any. A discarded message (a loop, say) is taken
   * like an accepted one: the sender is not told. So is one held in quarantine or for a moderator:
   * it is on disk.
   */
  private static Optional<Reply> refusal(IngestResult result) {
    return switch (result) {
      case IngestResult.Refused r ->
          Optional.of(new Reply(r.code(), r.status() + " " + oneLine(r.reason())));
      case IngestResult.Failed f ->
          Optional.of(new Reply(451, f.status() + " " + oneLine(f.reason())));
      case IngestResult.NoRoom n ->
          Optional.of(
              new Reply(452, n.paused() ? FreeSpace.SMTP_REPLY : "4.3.1 " + oneLine(n.reason())));
      case IngestResult.Discarded x -> Optional.empty();
      case IngestResult.Accepted a -> Optional.empty();
      case IngestResult.Quarantined q -> Optional.empty();
      case IngestResult.Held h -> Optional.empty();
    };
  }

  /**
   * Ends the membership the token belongs to (RFC 8058 §3.2 asks the same of the mailto unsubscribe
   * as of the one-click URL: no confirmation).
   */
  private void leaveGroup(RecipientResolver.Target.Leave leave) {
    Optional<Member> member = members.findByToken(leave.token());
    Optional<Group> group = groupStore.find(leave.group());
    if (member.isPresent() && group.isPresent() && member.get().groupId() == group.get().id()) {
      members.remove(group.get().id(), member.get().accountId());
      log.info("{} left {} by the unsubscribe address", member.get().email(), leave.group());
    } else {
      log.info("an unsubscribe message for {} named no membership; nothing changed", leave.group());
    }
  }

  /** The transaction ended (answered, reset, or its connection lost). */
  @Override
  public void done() {
    if (counted) {
      counted = false;
      drain.end();
    }
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n]+", " ");
  }
}
