package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.account.EmailAddress;
import org.parley.group.Group;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;

/**
 * The members page's queries on PostgreSQL, as on the embedded default: the list with each member's
 * last post and its search, a role change, a domain's ban, a direct add within the day's cap and an
 * invitation used once.
 */
@Tag("slow") // an embedded PostgreSQL
class MembersPostgresIT {
  @TempDir Path dir;

  @Test
  void anOwnerManagesMembersOnPostgres() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        WebSite web =
            new WebSite(dir, Map.of("PARLEY_DB", pg.getJdbcUrl("postgres", "postgres")))) {
      Group news = web.group("news", false);
      Account ada = web.account("ada@example.com", "Ada Lovelace", ZoneId.of("UTC"));
      web.site.members().add(news.id(), ada.id(), Role.OWNER, DeliveryMode.EACH);
      Account grace = web.member(news, "grace@example.com", "Grace Hopper");
      Account eve = web.member(news, "eve_1@spam.example", "Eve");
      web.mail(
          "news",
          WebSite.message("news", "Grace <grace@example.com>", "g1@x", "Hi", null, "Hello."));
      WebClient owner = web.client();
      owner.login("ada@example.com", WebSite.PASSWORD);

      String list = owner.get("/g/news/members?q=HOPPER").body();
      assertThat(list)
          .contains("1 member matches", "grace@example.com", "class=\"last-post\"><time");
      assertThat(owner.get("/g/news/members?q=_").body()).contains("1 member matches", "eve_1@");

      String g = Long.toString(grace.id().value());
      assertThat(
              owner
                  .submit(
                      "/g/news/members",
                      "/g/news/members/role",
                      Map.of("account", g, "role", "manager"))
                  .statusCode())
          .isEqualTo(303);
      assertThat(web.site.members().find(news.id(), grace.id()).orElseThrow().role())
          .isEqualTo(Role.MANAGER);

      assertThat(
              owner
                  .submit(
                      "/g/news/members",
                      "/g/news/members/ban",
                      Map.of("pattern", "@spam.example", "reason", "Spam"))
                  .statusCode())
          .isEqualTo(303);
      assertThat(web.site.members().find(news.id(), eve.id())).isEmpty();

      assertThat(
              owner
                  .submit(
                      "/g/news/members",
                      "/g/news/members/add",
                      Map.of("addresses", "kim@example.org"))
                  .statusCode())
          .isEqualTo(303);
      assertThat(web.site.members().find(news.id(), EmailAddress.of("kim@example.org")))
          .isPresent();

      assertThat(
              owner
                  .submit(
                      "/g/news/members",
                      "/g/news/members/invite",
                      Map.of("addresses", "sid@example.com"))
                  .statusCode())
          .isEqualTo(303);
      web.awaitMailSent();
      String invitation =
          web.site.capturedMail().latest(10).stream()
              .filter(e -> e.subject().startsWith("Invitation"))
              .map(e -> WebSite.text(web.site.capturedMail().raw(e.id()).orElseThrow()))
              .findFirst()
              .orElseThrow();
      Matcher m = Pattern.compile("/g/news/invite/[0-9a-f]{40}").matcher(invitation);
      assertThat(m.find()).isTrue();
      web.account("sid@example.com", "Sid", ZoneId.of("UTC"));
      WebClient sid = web.client();
      sid.login("sid@example.com", WebSite.PASSWORD);
      assertThat(sid.submit(m.group(), m.group(), Map.of()).statusCode()).isEqualTo(303);
      assertThat(sid.submit("/", m.group(), Map.of()).statusCode()).isEqualTo(410);
      assertThat(web.site.members().find(news.id(), EmailAddress.of("sid@example.com")))
          .isPresent();
    }
  }
}
