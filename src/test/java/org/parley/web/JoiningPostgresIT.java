package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.account.EmailAddress;
import org.parley.group.Group;
import org.parley.group.Joining;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;

/**
 * Asking to join and joining by mail on PostgreSQL (its V15 twin): a request is stored, listed and
 * approved on the web, and a join by mail is confirmed by its link.
 */
@Tag("slow") // an embedded PostgreSQL
class JoiningPostgresIT {
  @TempDir Path dir;

  @Test
  void aRequestIsApprovedAndAJoinByMailConfirmedOnPostgres() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        WebSite web =
            new WebSite(dir, Map.of("PARLEY_DB", pg.getJdbcUrl("postgres", "postgres")))) {
      Group cellar = web.group("cellar", false);
      web.site.groups().update(cellar.edit().joining(Joining.ASK).build());
      Account olga = web.account("olga@example.org", "Olga", ZoneId.of("UTC"));
      web.site.members().add(cellar.id(), olga.id(), Role.OWNER, DeliveryMode.NONE);
      Account sam = web.account("sam@example.org", "Sam", ZoneId.of("UTC"));
      WebClient asker = web.client();
      asker.login("sam@example.org", WebSite.PASSWORD);
      assertThat(asker.submit("/g/cellar/", "/g/cellar/ask", Map.of("reason", "Hi")).statusCode())
          .isEqualTo(303);
      WebClient owner = web.client();
      owner.login("olga@example.org", WebSite.PASSWORD);
      assertThat(owner.get("/g/cellar/requests").body()).contains("sam@example.org");
      long id = web.site.admissions().requests().waiting(cellar.id()).get(0).id();
      assertThat(
              owner
                  .submit("/g/cellar/requests", "/g/cellar/requests/" + id + "/approve", Map.of())
                  .statusCode())
          .isEqualTo(303);
      assertThat(web.site.members().find(cellar.id(), sam.id())).isPresent();

      Group news = web.group("news", true);
      assertThat(
              JoiningByMailIT.send(
                      web, "bo@example.org", "news-join@lists.test", "bo@example.org", "", "")
                  .code())
          .isEqualTo(250);
      web.awaitMailSent();
      String link =
          new JoiningByMailIT.Mail(
                  "",
                  "",
                  web.site.capturedMail().latest(50).stream()
                      .filter(e -> e.to().contains("bo@example.org"))
                      .map(e -> WebSite.text(web.site.capturedMail().raw(e.id()).orElseThrow()))
                      .findFirst()
                      .orElseThrow())
              .linkPath();
      WebClient bo = web.client();
      assertThat(bo.submit(link, link, Map.of()).body()).contains("You are a member of NEWS");
      assertThat(web.site.members().find(news.id(), EmailAddress.of("bo@example.org"))).isPresent();
    }
  }
}
