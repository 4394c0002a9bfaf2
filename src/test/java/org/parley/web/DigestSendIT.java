package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.group.DigestPeriod;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;
import org.parley.mime.HeaderText;
import org.parley.testkit.RelaySink;

/**
 * Issue 19, item 1, on the web: a group's settings page sets how often its digests go out (audited
 * as any setting), and its owners send the pending digests now with a button, which says how many
 * are on their way; a member may not.
 */
class DigestSendIT {
  @TempDir Path dir;
  WebSite web;
  Group club;

  @BeforeEach
  void setUp() {
    web = new WebSite(dir);
    club = web.group("club", true);
    Account olivia = web.account("olivia@example.com", "Olivia Owner", ZoneId.of("UTC"));
    web.site.members().add(club.id(), olivia.id(), Role.OWNER, DeliveryMode.EACH);
    web.member(club, "mia@example.com", "Mia Member");
    Account dora = web.account("dora@example.com", "Dora Digest", ZoneId.of("UTC"));
    web.site.members().add(club.id(), dora.id(), Role.MEMBER, DeliveryMode.DIGEST);
  }

  @AfterEach
  void tearDown() {
    web.close();
  }

  WebClient signedIn(String email) {
    WebClient c = web.client();
    c.login(email, WebSite.PASSWORD);
    return c;
  }

  List<byte[]> mailTo(String address) {
    return web.site
        .db()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT raw FROM captured_mail WHERE rcpt_to = :a ORDER BY id")
                    .bind("a", address)
                    .mapTo(byte[].class)
                    .list());
  }

  @Test
  void theOwnerSetsTheDigestPeriodOnTheSettingsPage() {
    WebClient owner = signedIn("olivia@example.com");
    String page = owner.get("/g/club/settings").body();
    assertThat(page).contains("How often digests go out").contains("value=\"weekly\"");
    Map<String, String> form = GroupSettingsIT.formOf(page);
    form.put("digest_period", "weekly");
    form.put("csrf", WebClient.csrf(page));
    HttpResponse<String> saved = owner.postRaw("/g/club/settings", form);
    assertThat(saved.statusCode()).isEqualTo(303);
    Group now = web.site.groups().find(new GroupName("club")).orElseThrow();
    assertThat(now.digestPeriod()).isEqualTo(DigestPeriod.WEEKLY);
    assertThat(owner.get(saved.headers().firstValue("Location").orElseThrow()).body())
        .contains("Saved: how often digests go out.")
        .contains("daily</span> → <span class=\"after\">weekly");

    form.put("digest_period", "hourly");
    HttpResponse<String> refused = owner.postRaw("/g/club/settings", form);
    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.body()).contains("Choose one of the options.");
  }

  @Test
  void theOwnerSendsThePendingDigestsNowAndAMemberMayNot() {
    web.mail(
        "club",
        WebSite.message(
            "club", "Mia Member <mia@example.com>", "now@example.com", "Tonight", null, "At 8."));
    web.clock.advance(Duration.ofMinutes(5));

    WebClient mia = signedIn("mia@example.com");
    HttpResponse<String> refused = mia.submit("/g/club/", "/g/club/digest/send", Map.of());
    assertThat(refused.statusCode()).isEqualTo(404);

    WebClient owner = signedIn("olivia@example.com");
    HttpResponse<String> sent = owner.submit("/g/club/settings", "/g/club/digest/send", Map.of());
    assertThat(sent.statusCode()).isEqualTo(303);
    assertThat(sent.headers().firstValue("Location").orElse(""))
        .startsWith("/g/club/settings?digests=1");
    assertThat(owner.get("/g/club/settings?digests=1").body())
        .contains("1 digest is on its way, with the posts since the last one.");
    RelaySink.await(
        "the digest reaches the captured mail",
        Duration.ofSeconds(20),
        () -> !mailTo("dora@example.com").isEmpty());
    web.awaitMailSent();
    List<byte[]> dora = mailTo("dora@example.com");
    assertThat(dora).hasSize(1);
    assertThat(HeaderText.field(dora.get(0), "Subject"))
        .contains("CLUB digest")
        .contains("1 message");

    // pressed again at once, nothing more is owed
    HttpResponse<String> again = owner.submit("/g/club/settings", "/g/club/digest/send", Map.of());
    assertThat(again.headers().firstValue("Location").orElse(""))
        .startsWith("/g/club/settings?digests=0");
  }
}
