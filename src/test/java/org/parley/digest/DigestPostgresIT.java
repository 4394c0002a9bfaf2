package org.parley.digest;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.EmailAddress;
import org.parley.account.Passwords;
import org.parley.app.Site;
import org.parley.group.Group;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;
import org.parley.testkit.RelaySink;
import org.parley.testkit.TestClock;
import org.parley.testkit.TestSites;

/**
 * Digests' statements on PostgreSQL, as on the embedded default: a period closed at midnight owes
 * each digest and abridged member one digest, sent once; closing it by hand at once owes nothing
 * more; the schedule waits once for the next midnight.
 */
@Tag("slow") // an embedded PostgreSQL
class DigestPostgresIT {
  @TempDir Path dir;

  @Test
  void aDayOfPostsMakesOneDigestEachOnPostgres() throws Exception {
    TestClock clock = new TestClock(Instant.parse("2026-03-03T08:00:00Z"));
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        Site site =
            Site.open(
                    TestSites.settings(
                        dir, Map.of("PARLEY_DB", pg.getJdbcUrl("postgres", "postgres"))),
                    clock,
                    new Passwords(1024, 1))
                .start()) {
      Group g = TestSites.group(site, "news", "ada@example.com");
      for (String m : List.of("dora@example.com", "abe@example.com")) {
        site.members()
            .add(
                g.id(),
                site.accounts().ensure(EmailAddress.of(m), "").id(),
                Role.MEMBER,
                m.startsWith("dora") ? DeliveryMode.DIGEST : DeliveryMode.ABRIDGED);
      }
      for (int i = 1; i <= 3; i++) {
        TestSites.submit(site, g, "pg" + i + "@example.com", "Post " + i, "Words " + i + ".");
      }
      settle(site);
      clock.advance(Duration.between(clock.instant(), Instant.parse("2026-03-04T00:00:30Z")));
      settle(site);

      assertThat(count(site, "SELECT COUNT(*) FROM digests WHERE state = 'sent'")).isEqualTo(2);
      assertThat(
              count(site, "SELECT COUNT(*) FROM captured_mail WHERE rcpt_to = 'dora@example.com'"))
          .isEqualTo(1);
      assertThat(
              count(site, "SELECT COUNT(*) FROM captured_mail WHERE rcpt_to = 'abe@example.com'"))
          .isEqualTo(1);
      assertThat(site.digests().sendNow(g)).as("nothing was posted since").isZero();
      TestSites.submit(site, g, "pg4@example.com", "Post 4", "Words 4.");
      clock.advance(Duration.ofMinutes(1));
      assertThat(site.digests().sendNow(g)).as("one post since: both are owed it").isEqualTo(2);
      settle(site);
      assertThat(count(site, "SELECT COUNT(*) FROM digests WHERE state = 'sent'")).isEqualTo(4);
      assertThat(
              count(
                  site,
                  "SELECT COUNT(*) FROM jobs WHERE kind = '"
                      + DigestSchedule.KIND
                      + "' AND state = 'ready'"))
          .isEqualTo(1);
    }
  }

  private static void settle(Site site) {
    RelaySink.await(
        "every due job has run",
        Duration.ofSeconds(30),
        () ->
            site.jobs().idle()
                && count(site, "SELECT COUNT(*) FROM digests WHERE state = 'queued'") == 0);
  }

  private static long count(Site site, String sql) {
    return site.db().jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }
}
