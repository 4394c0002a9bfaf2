package org.parley.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.parley.account.EmailAddress;
import org.parley.archive.ArchiveReader;
import org.parley.archive.Post;
import org.parley.archive.PostId;
import org.parley.db.Database;
import org.parley.group.Group;
import org.parley.group.GroupStore;
import org.parley.group.ListAddresses;
import org.parley.jobs.Completion;
import org.parley.jobs.Job;
import org.parley.jobs.JobHandler;
import org.parley.jobs.JobQueue;
import org.parley.jobs.LeaseKeeper;
import org.parley.jobs.PermanentJobFailure;
import org.parley.mailtext.MailTexts;
import org.parley.mailtext.RefusalReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a post's author and its group's owners that the relay refused copies of the post for good
 * (RFC 5321 §4.2.1, a 5yz reply): otherwise a post the archive shows would silently reach nobody,
 * as when every copy of a post just under the door's limit was too large for the relay (issue 16,
 * item 15). Job kind {@value #KIND}, payload the post's id.
 *
 * <p>One notice per post, not one per member: {@link #request} records the post in {@code
 * refusal_notices} and queues the job only for its first refusal, in the relay job's transaction.
 * The notice says how many members' copies were refused and the relay's replies, but names no
 * member (the author may not see the members' addresses). It goes From and with the return path
 * {@code <group>-bounces@domain} (a bounce of the notice comes back to the site, never to a
 * person), To the author, Cc the group's owners and managers (the site admins when it has none),
 * with the group's owner address as Reply-To (a reply reaches the people who run the group), and
 * carries {@code Auto-Submitted: auto-replied} (RFC 3834 §5), so a responder does not answer it and
 * our own {@code auto-submitted} rule would refuse it if it ever came back to the group. Counted
 * when the job runs: copies the relay refuses after that (a later batch) are not told again. Its
 * text is the template {@code mail/refusal-notice.jte} ({@link MailTexts}).
 */
public final class RefusalNotice implements JobHandler {
  public static final String KIND = "refusal-notice";
  private static final Logger log = LoggerFactory.getLogger(RefusalNotice.class);
  private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"'(),;:]+@[^\\s<>\"'(),;:]+");

  private final Jdbi jdbi;
  private final ArchiveReader archive;
  private final GroupStore groups;
  private final OwnerMail owners;
  private final Relay relay;
  private final JobQueue jobs;
  private final String domain;
  private final ListAddresses addresses;
  private final MailTexts texts = new MailTexts();

  public RefusalNotice(
      Database db,
      ArchiveReader archive,
      GroupStore groups,
      OwnerMail owners,
      Relay relay,
      JobQueue jobs,
      String domain) {
    this.jdbi = db.jdbi();
    this.jobs = jobs;
    this.archive = archive;
    this.groups = groups;
    this.owners = owners;
    this.relay = relay;
    this.domain = domain.toLowerCase(Locale.ROOT);
    this.addresses = new ListAddresses(domain);
  }

  /**
   * Queues the notice for {@code post} in the caller's transaction, unless one was queued before.
   */
  static void request(Handle h, JobQueue queue, PostId post, long now) {
    int added =
        h.createUpdate(
                "INSERT INTO refusal_notices (post_id, created_at) VALUES (:p, :now)"
                    + " ON CONFLICT (post_id) DO NOTHING")
            .bind("p", post.value())
            .bind("now", now)
            .execute();
    if (added == 1) {
      queue.enqueue(h, KIND, new RefusalNoticePayload(post).encode(), 10);
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Completion run(Job job) throws Exception {
    PostId postId = RefusalNoticePayload.parse(job.payload()).post();
    PostInGroup found = PostInGroup.find(archive, groups, postId);
    Post post = found.post();
    Group group = found.group();
    List<RefusalReport.Reply> refusals = refusals(postId);
    int refused = refusals.stream().mapToInt(RefusalReport.Reply::count).sum();
    if (refused == 0) {
      log.info("<{}>: no copy is refused any more; no notice sent", post.messageId());
      return Completion.DONE;
    }
    String author = mine(post.fromAddress()) ? "" : post.fromAddress();
    Set<String> cc = new LinkedHashSet<>(owners.recipients(group));
    cc.remove(author);
    List<String> to = new ArrayList<>();
    if (!author.isBlank()) {
      to.add(author);
    }
    to.addAll(cc);
    if (to.isEmpty()) {
      log.warn(
          "<{}>: the relay refused {} copies for good, and there is nobody to tell",
          post.messageId(),
          refused);
      return Completion.DONE;
    }
    byte[] notice = message(group, post, author, List.copyOf(cc), refused, refusals);
    try (LeaseKeeper keeper = LeaseKeeper.hold(jobs, job)) {
      relay.send(addresses.bounces(group.name()), to, notice);
    } catch (RelayException e) {
      if (e.permanent()) {
        throw new PermanentJobFailure(
            "the relay refused the notice about <" + post.messageId() + "> too: " + e.getMessage());
      }
      throw e;
    }
    log.info(
        "<{}>: told {} that the relay refused {} copies for good", post.messageId(), to, refused);
    return Completion.DONE;
  }

  private boolean mine(String address) {
    if (address == null || address.isBlank()) {
      return true;
    }
    try {
      return EmailAddress.of(address).domain().equals(domain);
    } catch (IllegalArgumentException e) {
      return true; // not an address a notice can go to
    }
  }

  /**
   * The relay's replies to the refused copies, most frequent first, with the addresses in them
   * masked: a reply such as {@code 550 5.1.1 <bob@example.com>: no such user} names the member,
   * whose address the author may not see.
   */
  private List<RefusalReport.Reply> refusals(PostId post) {
    List<String> replies =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT COALESCE(last_error, '') FROM outbound"
                            + " WHERE post_id = :p AND state = :failed ORDER BY id")
                    .bind("p", post.value())
                    .bind("failed", CopyState.FAILED.word())
                    .mapTo(String.class)
                    .list());
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String reply : replies) {
      String masked = ADDRESS.matcher(reply.replaceAll("[\\r\\n]+", " ")).replaceAll("(a member)");
      counts.merge(masked.strip(), 1, Integer::sum);
    }
    return counts.entrySet().stream()
        .map(e -> new RefusalReport.Reply(e.getKey(), e.getValue()))
        .sorted(Comparator.comparingInt(RefusalReport.Reply::count).reversed())
        .toList();
  }

  private byte[] message(
      Group group,
      Post post,
      String author,
      List<String> cc,
      int refused,
      List<RefusalReport.Reply> refusals)
      throws MessagingException, IOException {
    String subject = post.subject() == null || post.subject().isBlank() ? "" : post.subject();
    String body =
        texts.render(
            new RefusalReport(
                addresses.post(group.name()),
                subject.isEmpty() ? "(no subject)" : subject,
                post.messageId().bracketed(),
                refused,
                refusals));

    MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
    m.setFrom(new InternetAddress(addresses.bounces(group.name()), group.title() + " (list)"));
    // a reply reaches the people who run the group, not the bounce address
    m.setReplyTo(new InternetAddress[] {new InternetAddress(owners.address(group))});
    if (!author.isBlank()) {
      m.setRecipients(MimeMessage.RecipientType.TO, InternetAddress.parse(author));
    }
    if (!cc.isEmpty()) {
      m.setRecipients(
          author.isBlank() ? MimeMessage.RecipientType.TO : MimeMessage.RecipientType.CC,
          InternetAddress.parse(String.join(", ", cc)));
    }
    m.setSubject(
        "Not delivered to "
            + refused
            + (refused == 1 ? " member: " : " members: ")
            + (subject.isEmpty() ? "(no subject)" : subject),
        "UTF-8");
    m.setText(body.replace("\n", "\r\n"), "UTF-8");
    m.setHeader("Auto-Submitted", "auto-replied");
    m.setHeader("Precedence", "bulk");
    m.setHeader("In-Reply-To", post.messageId().bracketed());
    m.setHeader("References", post.messageId().bracketed());
    m.setSentDate(new java.util.Date());
    m.saveChanges();
    m.setHeader("Message-ID", "<refused-" + post.id().value() + "@" + domain + ">");
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length() + 1024);
    m.writeTo(out);
    return out.toByteArray();
  }
}
