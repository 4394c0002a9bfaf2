package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.account.EmailAddress;
import org.parley.account.Passwords;
import org.parley.app.Settings;
import org.parley.app.Site;
import org.parley.archive.BlobStore;
import org.parley.archive.Post;
import org.parley.archive.Topic;
import org.parley.archive.TopicOrder;
import org.parley.cli.Cli;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.Visibility;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;
import org.parley.testkit.Corpora;
import org.parley.testkit.RelaySink;
import org.parley.testkit.SmtpClient;

/**
 * Issue 20, item 2: {@code parley backup} takes the whole site while it runs and takes posts, and
 * {@code parley restore} puts it into a fresh data directory, where a site starts and serves the
 * same groups, settings, accounts, members and raw messages, and rebuilds its search index.
 */
class BackupIT {
  @TempDir Path dir;

  record Run(int code, String err) {}

  private static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, err.toString());
  }

  /** A site on {@code data}: its domain and search interval from its parley.conf, free ports. */
  private static Site start(Path data) {
    return Site.open(
            Settings.load(
                data,
                Map.of(
                    "PARLEY_WEB_PORT", "0",
                    "PARLEY_SMTP_PORT", "0",
                    "PARLEY_SENDER_POSTS_PER_HOUR", "0",
                    "PARLEY_SENDER_POSTS_PER_MINUTE", "0",
                    // ada@example.com posts from 127.0.0.1, which example.com's SPF does not allow
                    "PARLEY_SENDER_AUTH", "off")),
            Clock.systemUTC(),
            new Passwords(1024, 1))
        .start();
  }

  private static void smtp(Site site, String group, String id, String subject, String body)
      throws Exception {
    String raw = WebSite.message(group, "Ada Lovelace <ada@example.com>", id, subject, null, body);
    try (SmtpClient client = new SmtpClient(site.smtpPort())) {
      SmtpClient.Reply reply =
          client.send(
              "ada@example.com",
              List.of(group + "@lists.test"),
              Corpora.crlf(raw.getBytes(StandardCharsets.UTF_8)));
      assertThat(reply.ok()).as(reply.toString()).isTrue();
    }
  }

  /** Every shown post of every group, by group and topic, in order. */
  private static List<Post> posts(Site site) {
    List<Post> all = new ArrayList<>();
    for (Group g : site.groups().list()) {
      for (Topic t : site.reader().topics(g.id(), TopicOrder.LATEST, 0, 10_000)) {
        all.addAll(site.reader().posts(t.id()));
      }
    }
    return all;
  }

  private static byte[] raw(Site site, Post p) {
    try {
      return site.reader().raw(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aBackupTakenWhileTheSiteRunsIsRestoredIntoAFreshDirectoryAndServesTheSameSite()
      throws Exception {
    Path data = dir.resolve("site");
    Files.createDirectories(data);
    Files.writeString(
        data.resolve(Settings.CONF_FILE), "domain = lists.test\nsearch_commit_ms = 50\n");
    Path backup = dir.resolve("backup");
    Path restored = dir.resolve("restored");
    List<Post> before;
    List<Group> groups;
    List<List<?>> members = new ArrayList<>();
    List<Post> after;
    Map<Long, byte[]> raws = new java.util.HashMap<>();
    try (Site site = start(data)) {
      Group history = site.groups().create(new GroupName("history"), "History", "Old things");
      site.groups().update(history.withShowAddresses(true));
      history = site.groups().find(new GroupName("history")).orElseThrow();
      site.groups()
          .change(
              history.id(),
              g -> g.edit().visibility(Visibility.PUBLIC).subjectPrefix("[hist] ").build(),
              new org.parley.group.ChangedBy.CommandLine("test"));
      Group secret =
          site.groups().create(new GroupName("secret"), "Secret", "", Visibility.PRIVATE);
      Account ada = site.accounts().ensure(EmailAddress.of("ada@example.com"), "Ada Lovelace");
      site.accounts().setPassword(ada.id(), site.passwords().hash(WebSite.PASSWORD));
      Account bob = site.accounts().ensure(EmailAddress.of("bob@example.com"), "Bob");
      site.members().add(history.id(), ada.id(), Role.OWNER, DeliveryMode.EACH);
      site.members().add(history.id(), bob.id(), Role.MEMBER, DeliveryMode.DIGEST);
      site.members().add(secret.id(), ada.id(), Role.MANAGER, DeliveryMode.EACH);

      smtp(site, "history", "engines@example.com", "Engines", "The zebrafish engine runs.\n");
      smtp(site, "secret", "plans@example.com", "Plans", "Between us.\n");
      StringBuilder large = new StringBuilder();
      for (int i = 0; large.length() < 2 * BlobStore.INLINE_MAX; i++) {
        large.append("Line ").append(i).append(" of a long report on looms.\n");
      }
      smtp(site, "history", "report@example.com", "Report", large.toString());
      before = posts(site);
      assertThat(before).hasSize(3);

      // posts keep arriving while the backup runs
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger sent = new AtomicInteger();
      Thread writer =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      while (!stop.get() || sent.get() < 5) {
                        int n = sent.incrementAndGet();
                        smtp(site, "history", "during" + n + "@example.com", "During " + n, "x\n");
                      }
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  });
      RelaySink.await(
          "a post made while the site runs", Duration.ofSeconds(20), () -> sent.get() > 1);
      Run backedUp = cli("backup", "--data", data.toString(), "-o", backup.toString());
      stop.set(true);
      writer.join();
      assertThat(backedUp.code()).as(backedUp.err()).isZero();
      assertThat(backedUp.err().lines()).hasSize(1);
      assertThat(backedUp.err()).startsWith("backed up the database, ");
      assertThat(backup.resolve("index")).doesNotExist();

      groups = site.groups().list();
      for (Group g : groups) {
        members.add(site.members().list(g.id()));
      }
      after = posts(site);
      for (Post p : after) {
        raws.put(p.id().value(), raw(site, p));
      }
      Run notEmpty = cli("restore", backup.toString(), "--data", data.toString());
      assertThat(notEmpty.code()).isEqualTo(1);
      assertThat(notEmpty.err().lines()).hasSize(1);
      assertThat(notEmpty.err()).contains("is not empty");
    }

    Run restore = cli("restore", backup.toString(), "--data", restored.toString());
    assertThat(restore.code()).as(restore.err()).isZero();
    assertThat(restore.err()).startsWith("restored the database, ");
    assertThat(restored.resolve(Settings.CONF_FILE))
        .hasSameTextualContentAs(data.resolve(Settings.CONF_FILE));

    try (Site site = start(restored)) {
      assertThat(site.groups().list()).isEqualTo(groups);
      List<List<?>> restoredMembers = new ArrayList<>();
      for (Group g : site.groups().list()) {
        restoredMembers.add(site.members().list(g.id()));
      }
      assertThat(restoredMembers).isEqualTo(members);
      List<Post> back = posts(site);
      assertThat(back)
          .as("every post made before the backup began is in it, as it was")
          .containsAll(before);
      assertThat(after)
          .as("the backup is a snapshot: each post in it is one the site had, unchanged")
          .containsAll(back);
      for (Post p : back) {
        assertThat(raw(site, p)).as(p.messageId().value()).isEqualTo(raws.get(p.id().value()));
      }

      // the accounts came along with their passwords, and search finds the posts again
      WebClient ada = new WebClient("http://127.0.0.1:" + site.webPort());
      ada.login("ada@example.com", WebSite.PASSWORD);
      assertThat(ada.get("/g/secret/").body()).contains("Plans");
      RelaySink.await(
          "the restored site's search index is rebuilt",
          Duration.ofSeconds(30),
          () -> ada.get("/search?q=zebrafish").body().contains("Engines"));
    }
  }

  @Test
  void aPostgresqlSiteIsToldToUsePgDump() throws Exception {
    Path data = dir.resolve("pg");
    Files.createDirectories(data);
    Files.writeString(
        data.resolve(Settings.CONF_FILE), "db = jdbc:postgresql://127.0.0.1:1/parley\n");
    Run refused = cli("backup", "--data", data.toString(), "-o", dir.resolve("b").toString());
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err().lines()).hasSize(1);
    assertThat(refused.err()).contains("pg_dump").contains("--blobs-only");
    assertThat(dir.resolve("b")).doesNotExist();

    Run notABackup = cli("restore", data.toString(), "--data", dir.resolve("r").toString());
    assertThat(notABackup.code()).isEqualTo(1);
    assertThat(notABackup.err()).contains("is not a Parley backup");
  }
}
