package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.group.Group;
import org.parley.ingest.IngestResult;

/**
 * RELIABILITY G3 and G5: a post's original (the raw message, "Show original") holds the addresses
 * the conversation page masks for anyone but members. In a public group it is for the group's
 * members and site admins; anyone else, signed in or not, gets 403 with a sentence on every route
 * to it, so walking the sequential post ids harvests no address.
 */
class G3G5OriginalIsForMembersIT {
  @TempDir Path dir;
  WebSite web;
  Group news;
  final List<IngestResult.Accepted> posts = new ArrayList<>();

  @BeforeEach
  void setUp() {
    web = new WebSite(dir);
    news = web.showAddresses(web.group("news", true));
    web.member(news, "ada.secret@example.com", "Ada Lovelace");
    web.account("outsider@example.com", "Outsider", ZoneId.of("UTC"));
    Account admin = web.account("admin@example.com", "Admin", ZoneId.of("UTC"));
    web.site.accounts().setSiteAdmin(admin.id(), true);
    for (int i = 0; i < 3; i++) {
      posts.add(
          web.mail(
              "news",
              "From: Ada Lovelace <ada.secret@example.com>\nTo: news@lists.test\n"
                  + "Cc: Charles <charles.hidden@example.net>\nSubject: Engines "
                  + i
                  + "\nMessage-ID: <engines"
                  + i
                  + "@example.com>\nDate: Sun, 30 Nov 2025 11:00:00 +0000\nMIME-Version: 1.0\n"
                  + "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\n"
                  + "Content-Type: text/plain\n\nSee the note below.\n--b\n"
                  + "Content-Type: message/rfc822\nContent-Disposition: attachment;"
                  + " filename=\"note.eml\"\n\nFrom: Babbage <babbage.private@example.org>\n"
                  + "Subject: note\n\nThe note.\n--b--\n"));
    }
  }

  @AfterEach
  void tearDown() {
    web.close();
  }

  @Test
  void g3g5AVisitorCannotHarvestAddressesThroughTheOriginal() {
    WebClient outsider = web.client();
    outsider.login("outsider@example.com", WebSite.PASSWORD);
    long last = posts.get(posts.size() - 1).post().value();
    for (WebClient c : List.of(web.client(), outsider)) {
      String page = c.get("/g/news/t/" + posts.get(0).topic().value() + "/").body();
      assertThat(page)
          .as("the page masks the addresses and offers no original")
          .doesNotContain("ada.secret@example.com")
          .doesNotContain("charles.hidden@example.net")
          .doesNotContain("/raw\"")
          .doesNotContain("Show original");
      List<String> paths = new ArrayList<>();
      for (long id = 1; id <= last + 2; id++) { // sequential ids, and a little past the end
        paths.add("/g/news/p/" + id + "/raw");
        paths.add("/g/news/p/" + id + "/a/0/note.eml");
      }
      for (int i = 0; i < posts.size(); i++) {
        paths.add("/g/news/m/engines" + i + "@example.com/raw");
      }
      for (String path : paths) {
        HttpResponse<String> r = c.get(path);
        assertThat(r.statusCode()).as(path).isIn(403, 404);
        assertThat(r.body())
            .as(path)
            .doesNotContain("ada.secret")
            .doesNotContain("charles.hidden")
            .doesNotContain("babbage.private");
      }
      HttpResponse<String> refused = c.get("/g/news/p/" + posts.get(0).post().value() + "/raw");
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body()).contains("shown only to the group's members");
    }
  }

  @Test
  void g3g5MembersAndSiteAdminsGetTheOriginal() {
    String raw = "/g/news/p/" + posts.get(0).post().value() + "/raw";
    for (String who : List.of("ada.secret@example.com", "admin@example.com")) {
      WebClient c = web.client();
      c.login(who, WebSite.PASSWORD);
      assertThat(c.get("/g/news/t/" + posts.get(0).topic().value() + "/").body())
          .as(who)
          .contains("href=\"" + raw + "\"");
      HttpResponse<String> r = c.get(raw);
      assertThat(r.statusCode()).as(who).isEqualTo(200);
      assertThat(r.body()).contains("From: Ada Lovelace <ada.secret@example.com>\r\n");
      assertThat(r.headers().firstValue("Cache-Control")).hasValue("private, no-store");
      assertThat(c.get("/g/news/m/engines0@example.com/raw").statusCode()).isEqualTo(200);
      HttpResponse<String> note =
          c.get("/g/news/p/" + posts.get(0).post().value() + "/a/0/note.eml");
      assertThat(note.statusCode()).as(who).isEqualTo(200);
      assertThat(note.body()).contains("babbage.private@example.org");
    }
  }
}
