package org.parley.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.parley.account.AccountStore;
import org.parley.account.EmailAddress;
import org.parley.archive.BlobStore;
import org.parley.group.Group;
import org.parley.group.GroupStore;
import org.parley.group.ListAddresses;
import org.parley.jobs.Completion;
import org.parley.jobs.Job;
import org.parley.jobs.JobHandler;
import org.parley.jobs.JobQueue;
import org.parley.jobs.LeaseKeeper;
import org.parley.jobs.PermanentJobFailure;
import org.parley.member.Member;
import org.parley.member.MemberStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mail to a group's owner address, {@code <group>-owner@domain} (the {@code List-Owner} of every
 * copy, RFC 2369 §3.6): passed on, unchanged but for an {@code X-Loop} field at the top, to the
 * group's active owners and managers, or to the site admins when the group has none. It is not
 * archived and not screened: it is how a person reaches the people who run the group.
 *
 * <p>{@link #take} keeps the bytes and queues a job ({@value #KIND}) in one transaction, so the
 * sender's 250 comes after the commit and the forwarding survives a crash. The job sends one copy
 * to all the recipients at once, with {@code <group>-bounces@domain} as its return path (bounces
 * come back to the site, not to the sender); a refusal by the relay for good parks the job, a
 * temporary one retries it. A message that already carries our {@code X-Loop} for this address went
 * round once and is dropped; addresses of this site's own domain are never recipients.
 */
public final class OwnerMail implements JobHandler {
  public static final String KIND = "owner-mail";
  private static final Logger log = LoggerFactory.getLogger(OwnerMail.class);

  private final BlobStore blobs;
  private final JobQueue jobs;
  private final GroupStore groups;
  private final MemberStore members;
  private final AccountStore accounts;
  private final Relay relay;
  private final ListAddresses addresses;

  public OwnerMail(
      BlobStore blobs,
      JobQueue jobs,
      GroupStore groups,
      MemberStore members,
      AccountStore accounts,
      Relay relay,
      String domain) {
    this.blobs = blobs;
    this.jobs = jobs;
    this.groups = groups;
    this.members = members;
    this.accounts = accounts;
    this.relay = relay;
    this.addresses = new ListAddresses(domain);
  }

  /** The owner address of {@code group}: also each copy's List-Owner. */
  public String address(Group group) {
    return addresses.owner(group.name());
  }

  /**
   * Keeps {@code raw} and queues its forwarding to the group's owners; returns after the commit.
   *
   * @return false if the message is one of our own forwards come back (dropped, nothing queued)
   * @throws IOException if the bytes cannot be stored (the sender should try again)
   */
  public boolean take(Group group, byte[] raw) throws IOException {
    if (wentRound(group, raw)) {
      log.info("dropped a message to {} that had been through it before", address(group));
      return false;
    }
    blobs.storeWith(
        raw,
        (h, sha) -> {
          jobs.enqueue(h, KIND, new OwnerMailPayload(group.id(), sha).encode(), 10);
          return null;
        });
    return true;
  }

  /** Whether {@code raw} carries the X-Loop field our forwards of this address carry. */
  private boolean wentRound(Group group, byte[] raw) {
    try {
      String[] loops = new InternetHeaders(new ByteArrayInputStream(raw)).getHeader("X-Loop");
      if (loops == null) {
        return false;
      }
      for (String v : loops) {
        if (v.strip().equalsIgnoreCase(address(group))) {
          return true;
        }
      }
      return false;
    } catch (MessagingException e) {
      return false; // a header section Jakarta Mail cannot read carries no X-Loop of ours
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Completion run(Job job) throws Exception {
    OwnerMailPayload payload = OwnerMailPayload.parse(job.payload());
    Group group =
        groups
            .findById(payload.groupId())
            .orElseThrow(() -> new PermanentJobFailure("there is no group " + payload.groupId()));
    List<String> to = recipients(group);
    if (to.isEmpty()) {
      log.warn(
          "a message to {} has nobody to go to: the group has no owner or manager and the site"
              + " no admin",
          address(group));
      return Completion.DONE;
    }
    byte[] raw = blobs.get(payload.blobKey());
    byte[] loop = ("X-Loop: " + address(group) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] copy = new byte[loop.length + raw.length];
    System.arraycopy(loop, 0, copy, 0, loop.length);
    System.arraycopy(raw, 0, copy, loop.length, raw.length);
    try (LeaseKeeper keeper = LeaseKeeper.hold(jobs, job)) {
      relay.send(addresses.bounces(group.name()), to, copy);
    } catch (RelayException e) {
      if (e.permanent()) {
        throw new PermanentJobFailure(
            "the relay refused a message to " + address(group) + " for good: " + e.getMessage());
      }
      throw e;
    }
    log.info("passed a message to {} on to {}", address(group), to);
    return Completion.DONE;
  }

  /**
   * The group's active owners and managers, or else the site admins; never an address of this
   * site's own domain (a group, or this very address: a loop).
   */
  List<String> recipients(Group group) {
    Set<String> to = new LinkedHashSet<>();
    for (Member m : members.list(group.id())) {
      if (m.active() && m.canModerate()) {
        to.add(m.email().value());
      }
    }
    if (to.isEmpty()) {
      accounts.siteAdmins().forEach(a -> to.add(a.email().value()));
    }
    List<String> out = new ArrayList<>();
    for (String a : to) {
      if (!addresses.isOurs(EmailAddress.of(a).domain())) {
        out.add(a);
      }
    }
    return out;
  }
}
