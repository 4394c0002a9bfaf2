package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.group.Group;
import org.parley.ingest.IngestResult;

/** A private group is invisible on every path to anyone but its members and site admins. */
class AccessIT {
  @TempDir Path dir;
  WebSite web;
  List<String> paths;

  @BeforeEach
  void setUp() {
    web = new WebSite(dir);
    Group secret = web.group("secret", false);
    web.member(secret, "member@example.com", "Member");
    web.account("outsider@example.com", "Outsider", ZoneId.of("UTC"));
    Account admin = web.account("admin@example.com", "Admin", ZoneId.of("UTC"));
    web.site.accounts().setSiteAdmin(admin.id(), true);
    IngestResult.Accepted a =
        web.mail(
            "secret",
            "From: Member <member@example.com>\nTo: secret@lists.test\nSubject: Hidden plans\n"
                + "Message-ID: <hidden@example.com>\nDate: Sun, 30 Nov 2025 11:00:00 +0000\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nSecret body\n"
                + "--b\nContent-Type: text/plain; name=\"plan.txt\"\nContent-Disposition: attachment; filename=\"plan.txt\"\n\nthe plan\n--b--\n");
    String t = "/g/secret/t/" + a.topic().value() + "/";
    String p = "/g/secret/p/" + a.post().value();
    paths =
        List.of(
            "/g/secret/",
            t,
            t + "new-count?after=0",
            "/g/secret/m/hidden@example.com/",
            "/g/secret/m/hidden@example.com/raw",
            p + "/a/0/plan.txt",
            p + "/raw",
            "/g/secret/new",
            p + "/forward",
            p + "/reply-author");
  }

  @AfterEach
  void tearDown() {
    web.close();
  }

  @Test
  void signedOutVisitorsAndOutsidersGet404EverywhereAndNoListing() {
    WebClient outsider = web.client();
    outsider.login("outsider@example.com", WebSite.PASSWORD);
    for (WebClient c : List.of(web.client(), outsider)) {
      assertThat(c.get("/").body()).doesNotContain("secret").doesNotContain("SECRET");
      for (String path : paths) {
        var r = c.get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(404);
        assertThat(r.body())
            .as(path)
            .doesNotContain("Hidden plans")
            .doesNotContain("Secret body")
            .doesNotContain("the plan");
      }
    }
    // Posting into it and joining it are refused the same way.
    assertThat(outsider.submit("/", "/g/secret/join", Map.of()).statusCode()).isEqualTo(404);
  }

  @Test
  void membersAndSiteAdminsSeeIt() {
    for (String who : List.of("member@example.com", "admin@example.com")) {
      WebClient c = web.client();
      c.login(who, WebSite.PASSWORD);
      assertThat(c.get("/").body()).contains("/g/secret/");
      assertThat(c.get(paths.get(1)).body()).contains("Hidden plans").contains("Secret body");
      assertThat(c.bytes(paths.get(5)).statusCode()).isEqualTo(200);
      var raw = c.get(paths.get(4));
      assertThat(raw.statusCode()).isEqualTo(200);
      assertThat(raw.body()).contains("Secret body");
      assertThat(c.get(paths.get(6)).body()).contains("Secret body");
    }
  }

  @Test
  void attachmentsThatAreNotSafeImagesDownloadAsAttachments() {
    WebClient c = web.client();
    c.login("member@example.com", WebSite.PASSWORD);
    var r = c.bytes(paths.get(5));
    assertThat(r.headers().firstValue("Content-Disposition").orElseThrow())
        .startsWith("attachment;")
        .contains("plan.txt");
    assertThat(r.headers().firstValue("Content-Type").orElseThrow())
        .isEqualTo("application/octet-stream");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }
}
