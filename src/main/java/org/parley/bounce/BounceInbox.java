package org.parley.bounce;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.parley.db.Database;
import org.parley.group.GroupName;
import org.parley.group.GroupStore;
import org.parley.group.ListAddresses;
import org.parley.jobs.JobQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes what reaches a bounce address ({@code <group>-bounces@}, {@code <group>-bounces+<token>@})
 * or the site's feedback address ({@code feedback@}): it keeps the message as received in {@code
 * bounce_reports} and queues the {@value BounceProcessing#KIND} job that reads it and acts, in one
 * transaction, so the SMTP answer (250) is given only once both are stored (RFC 5321 §4.2.5; DESIGN
 * §7.2). Nothing that reaches these addresses is ever posted or relayed.
 */
public final class BounceInbox {
  private static final Logger log = LoggerFactory.getLogger(BounceInbox.class);
  private static final int ATTEMPTS = 10;

  private final Database db;
  private final JobQueue jobs;
  private final GroupStore groups;
  private final ListAddresses addresses;
  private final Clock clock;

  public BounceInbox(Database db, JobQueue jobs, GroupStore groups, String domain, Clock clock) {
    this.db = db;
    this.jobs = jobs;
    this.groups = groups;
    this.addresses = new ListAddresses(domain);
    this.clock = clock;
  }

  /**
   * Keeps a message that reached the bounce address of {@code group} with {@code token} (what
   * followed the '+': a member's token, {@code probe-<token>} for a probe, empty for none).
   *
   * @param mailFrom the envelope sender (empty for a bounce, RFC 5321 §4.5.5)
   * @throws IOException when the store would not keep it: the caller answers 451, and the sender
   *     tries again
   */
  public void bounce(GroupName group, String token, String mailFrom, byte[] raw)
      throws IOException {
    String recipient =
        token.isEmpty()
            ? addresses.bounces(group)
            : group.value()
                + ListAddresses.Kind.BOUNCES.suffix()
                + "+"
                + token
                + "@"
                + addresses.domain();
    keep(groups.find(group).map(g -> g.id()), recipient, token, mailFrom, raw);
  }

  /**
   * Keeps a message that reached the site's feedback address, where mail providers send abuse
   * feedback reports (RFC 5965) from senders the site does not know.
   *
   * @throws IOException when the store would not keep it
   */
  public void feedback(String mailFrom, byte[] raw) throws IOException {
    keep(Optional.empty(), addresses.feedback(), "", mailFrom, raw);
  }

  private void keep(
      Optional<Long> groupId, String recipient, String token, String mailFrom, byte[] raw)
      throws IOException {
    try {
      long id =
          db.jdbi()
              .inTransaction(
                  h -> {
                    long row = insert(h, groupId, recipient, token, mailFrom, raw);
                    jobs.enqueue(h, BounceProcessing.KIND, Long.toString(row), ATTEMPTS);
                    return row;
                  });
      log.info(
          "report {} to {} from <{}> ({} bytes) kept; it is read next",
          id,
          recipient,
          mailFrom,
          raw.length);
    } catch (JdbiException e) {
      throw new IOException("the report to " + recipient + " could not be kept: " + e, e);
    }
  }

  private long insert(
      Handle h,
      Optional<Long> groupId,
      String recipient,
      String token,
      String mailFrom,
      byte[] raw) {
    return h.createQuery(
            "INSERT INTO bounce_reports (group_id, recipient, token, mail_from, raw, received_at)"
                + " VALUES (:g, :rcpt, :token, :from, :raw, :now) RETURNING id")
        .bind("g", groupId.orElse(null))
        .bind("rcpt", recipient)
        .bind("token", token)
        .bind("from", mailFrom == null ? "" : mailFrom)
        .bind("raw", raw)
        .bind("now", clock.millis())
        .mapTo(Long.class)
        .one();
  }
}
