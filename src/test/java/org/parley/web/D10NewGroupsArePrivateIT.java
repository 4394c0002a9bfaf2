package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.group.GroupName;

/**
 * RELIABILITY D10: a group made on the web is for its members until its creator publishes it. The
 * form offers "Members only" first and checked, says in words who reads each choice, and a form
 * sent without the choice makes a private group.
 */
class D10NewGroupsArePrivateIT {
  @TempDir Path dir;
  WebSite web;
  WebClient admin;

  @BeforeEach
  void setUp() {
    web = new WebSite(dir);
    Account a = web.account("admin@example.com", "Admin", ZoneId.of("UTC"));
    web.site.accounts().setSiteAdmin(a.id(), true);
    admin = web.client();
    admin.login("admin@example.com", WebSite.PASSWORD);
  }

  @AfterEach
  void tearDown() {
    web.close();
  }

  @Test
  void d10TheFormMakesAMembersOnlyGroupUnlessPublicIsChosen() {
    String form = admin.get("/").body();
    assertThat(form)
        .contains("name=\"visibility\" value=\"private\" checked")
        .doesNotContain("name=\"visibility\" value=\"public\" checked")
        .contains("Members only: its posts, topics and archive are shown to its members");

    // A form without the choice (an old page, a script): private.
    assertThat(admin.submit("/", "/admin/groups", Map.of("name", "quiet")).statusCode())
        .isEqualTo(303);
    assertThat(web.site.groups().find(new GroupName("quiet")).orElseThrow().isPublic()).isFalse();
    assertThat(web.client().get("/g/quiet/").statusCode()).isEqualTo(404);

    // Public only by choice.
    assertThat(
            admin
                .submit("/", "/admin/groups", Map.of("name", "news", "visibility", "public"))
                .statusCode())
        .isEqualTo(303);
    assertThat(web.site.groups().find(new GroupName("news")).orElseThrow().isPublic()).isTrue();
    assertThat(web.client().get("/g/news/").statusCode()).isEqualTo(200);
  }

  @Test
  void d10TheStoreCreatesPrivateGroupsByDefault() {
    assertThat(web.site.groups().create(new GroupName("plain"), "Plain", "").isPublic()).isFalse();
  }
}
