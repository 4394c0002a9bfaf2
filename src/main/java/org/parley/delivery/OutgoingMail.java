package org.parley.delivery;

import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.parley.db.Database;
import org.parley.jobs.Completion;
import org.parley.jobs.Job;
import org.parley.jobs.JobHandler;
import org.parley.jobs.JobQueue;
import org.parley.jobs.LeaseKeeper;
import org.parley.jobs.PermanentJobFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mail the site writes from a web request (a private reply to an author, a forward, a sign-up or
 * password link, a rejected held message's notice), sent after the request as a job of kind {@value
 * #KIND}, so a slow or absent relay never holds up or fails the page (DESIGN §7.2: answer after
 * commit, everything after is a job).
 *
 * <p>{@link #queue} keeps the composed message with its envelope in {@code outgoing_mail} and
 * queues its job in one transaction; the page answers after the commit. The job hands the message
 * to the site's {@link Relay} as members' copies go: a temporary failure (the relay is down, or
 * answers 4yz) is retried with the queue's backoff, 10 s doubling to an hour, for {@link
 * RelayJob#DEFAULT_MAX_ATTEMPTS} attempts (about five days), then parked; a refusal for good (5yz,
 * RFC 5321 §4.2.1) parks it at once, with a log line naming the message and the relay's reply. Once
 * the relay has taken the message its row is deleted: the message is not archived, and a sign-up
 * link in it is not kept. A parked job keeps its row, so {@code parley redrive} can send it.
 * Running a job again after its row is gone sends nothing: the message went.
 */
public final class OutgoingMail implements JobHandler {
  public static final String KIND = "send-mail";
  private static final Logger log = LoggerFactory.getLogger(OutgoingMail.class);

  private final Jdbi jdbi;
  private final JobQueue jobs;
  private final Relay relay;
  private final Clock clock;

  public OutgoingMail(Database db, JobQueue jobs, Relay relay, Clock clock) {
    this.jdbi = db.jdbi();
    this.jobs = jobs;
    this.relay = relay;
    this.clock = clock;
  }

  /** A message kept for sending, with its envelope (RFC 5321 §3.3: MAIL FROM, RCPT TO). */
  private record Kept(String messageId, String mailFrom, List<String> recipients, byte[] raw) {}

  /**
   * Keeps {@code message} and queues its sending; returns once both are committed.
   *
   * @param messageId the message's Message-ID, without angle brackets (for the log)
   * @param mailFrom the envelope sender, where bounces go
   * @param recipients the envelope recipients, at least one
   * @param message the complete message, header and body, with CRLF line ends
   * @return the message's number in {@code outgoing_mail}
   * @throws IOException if the store would not keep it (a full disk, say): nothing is queued
   */
  public long queue(String messageId, String mailFrom, List<String> recipients, byte[] message)
      throws IOException {
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("a message to nobody: " + messageId);
    }
    try {
      return jdbi.inTransaction(h -> queue(h, messageId, mailFrom, recipients, message));
    } catch (JdbiException e) {
      throw new IOException("the message <" + messageId + "> could not be queued: " + e, e);
    }
  }

  /**
   * As {@link #queue(String, String, List, byte[])}, in the caller's transaction: the message is
   * sent only if that commits (a rejected held message's notice, with the message's removal).
   */
  public long queue(
      Handle h, String messageId, String mailFrom, List<String> recipients, byte[] message) {
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("a message to nobody: " + messageId);
    }
    long id =
        h.createQuery(
                "INSERT INTO outgoing_mail (message_id, mail_from, recipients, raw,"
                    + " created_at) VALUES (:mid, :from, :to, :raw, :now) RETURNING id")
            .bind("mid", messageId)
            .bind("from", mailFrom)
            .bind("to", String.join("\n", recipients))
            .bind("raw", message)
            .bind("now", clock.millis())
            .mapTo(Long.class)
            .one();
    jobs.enqueue(h, KIND, new OutgoingMailPayload(id).encode(), RelayJob.DEFAULT_MAX_ATTEMPTS);
    return id;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Completion run(Job job) throws Exception {
    long id = OutgoingMailPayload.parse(job.payload()).id();
    Optional<Kept> found = find(id);
    if (found.isEmpty()) {
      log.info("outgoing mail {} was sent before: nothing to do", id);
      return Completion.DONE;
    }
    Kept mail = found.get();
    try (LeaseKeeper keeper = LeaseKeeper.hold(jobs, job)) {
      relay.send(mail.mailFrom(), mail.recipients(), mail.raw());
    } catch (RelayException e) {
      if (e.permanent()) {
        log.warn(
            "<{}> to {}: the relay refused it for good ({}); its job is parked",
            mail.messageId(),
            mail.recipients(),
            e.getMessage());
        throw new PermanentJobFailure(
            "the relay refused <" + mail.messageId() + "> for good: " + e.getMessage());
      }
      log.info(
          "<{}> to {}: the relay did not take it ({}); it is tried again later",
          mail.messageId(),
          mail.recipients(),
          e.getMessage());
      throw e;
    }
    jdbi.useHandle(
        h -> h.createUpdate("DELETE FROM outgoing_mail WHERE id = :id").bind("id", id).execute());
    log.info("<{}> sent to {}", mail.messageId(), mail.recipients());
    return Completion.DONE;
  }

  private Optional<Kept> find(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT message_id, mail_from, recipients, raw FROM outgoing_mail WHERE id = :id")
                .bind("id", id)
                .map(
                    (rs, ctx) ->
                        new Kept(
                            rs.getString("message_id"),
                            rs.getString("mail_from"),
                            Arrays.asList(rs.getString("recipients").split("\n")),
                            rs.getBytes("raw")))
                .findOne());
  }
}
