package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.group.Group;
import org.parley.ingest.IngestResult;

/**
 * The home page's group rows and a group's topic list, row by row, over HTTP against a running
 * site: participants, counts, snippets, unread, the three orders, and last activity.
 *
 * <p>The site's clock stands at 12:00 on Nov 30, 2025 and moves a minute before each post arrives.
 * The posts' Date headers say earlier times, so the list must show each post's own date, not when
 * it arrived.
 */
class GroupPagesIT {
  @TempDir Path dir;
  WebSite web;
  Group news;
  Account ada;
  Account grace;
  IngestResult.Accepted tide;
  long webTopic;
  long shortTopic;

  @BeforeEach
  void setUp() {
    web = new WebSite(dir);
    news = web.group("news", true);
    ada = web.member(news, "ada@example.com", "Ada Lovelace");
    grace = web.member(news, "grace@example.com", "Grace Hopper");
    web.member(news, "alan@example.com", "Alan Turing");
    // 12:00 "Tide power" by Ada (Date 09:00), a forward with a comment and a signature
    tide =
        web.mail(
            "news",
            message(
                "Ada Lovelace <ada@example.com>",
                "tide@example.com",
                "Tide power",
                null,
                "09:00:00",
                "Thought you would enjoy this.\n\n"
                    + "---------- Forwarded message ---------\n"
                    + "From: The Courier <news@courier.example>\n"
                    + "Date: Sat, 29 Nov 2025 at 08:00\n"
                    + "Subject: Lighthouse lit\n"
                    + "To: <ada@example.com>\n\n"
                    + "After thirty-eight dark years, the lighthouse is lit.\n\n"
                    + "-- \nAda, from her phone"));
    // 12:01 "Markdown" by Grace from the web form (Date: when it was written, 12:01)
    web.clock.advance(Duration.ofMinutes(1));
    WebClient asGrace = web.client();
    asGrace.login("grace@example.com", WebSite.PASSWORD);
    HttpResponse<String> posted =
        asGrace.submit(
            "/g/news/new",
            "/g/news/new",
            Map.of(
                "subject",
                "Markdown",
                "body",
                "The lamp *stores* power in the **old** tank:\n\n- charge on the flood\n"
                    + "- shine on the ebb\n\n> a quote typed in the box"));
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(303);
    webTopic = topicOf(posted.headers().firstValue("Location").orElseThrow());
    // 12:02 "Short one" by Grace (Date 11:00)
    web.clock.advance(Duration.ofMinutes(1));
    shortTopic =
        web.mail(
                "news",
                message(
                    "Grace Hopper <grace@example.com>",
                    "short@example.com",
                    "Short one",
                    null,
                    "11:00:00",
                    "Just this."))
            .topic()
            .value();
    // 12:03 and 12:04: Grace then Alan answer "Tide power"
    web.clock.advance(Duration.ofMinutes(1));
    web.mail(
        "news",
        message(
            "Grace Hopper <grace@example.com>",
            "tide-2@example.com",
            "Re: Tide power",
            "tide@example.com",
            "11:30:00",
            "Lovely."));
    web.clock.advance(Duration.ofMinutes(1));
    web.mail(
        "news",
        message(
            "Alan Turing <alan@example.com>",
            "tide-3@example.com",
            "Re: Tide power",
            "tide-2@example.com",
            "11:45:00",
            "Agreed.\n\nOn Sun, Grace wrote:\n> Lovely."));
  }

  @AfterEach
  void tearDown() {
    web.close();
  }

  static String message(
      String from, String id, String subject, String inReplyTo, String time, String body) {
    return WebSite.message("news", from, id, subject, inReplyTo, body)
        .replace(
            "Date: Sun, 30 Nov 2025 11:00:00 +0000", "Date: Sun, 30 Nov 2025 " + time + " +0000");
  }

  static long topicOf(String location) {
    // /g/news/t/<id>/
    String[] parts = location.split("/");
    return Long.parseLong(parts[4]);
  }

  /** The row of the topic list that links to {@code topic}. */
  static String row(String page, long topic) {
    int link = page.indexOf("href=\"/g/news/t/" + topic + "/\"");
    assertThat(link).as("a row for topic " + topic).isPositive();
    int start = page.lastIndexOf("<tr", link);
    return page.substring(start, page.indexOf("</tr>", link));
  }

  @Test
  void aRowShowsSubjectParticipantsCountsSnippetAndTheNewestPostsDate() {
    web.client().get("/g/news/t/" + tide.topic().value() + "/"); // one view
    String page = web.client().get("/g/news/").body();
    String row = row(page, tide.topic().value());
    assertThat(row).contains(">Tide power</a>");
    // Participants: initials avatars, first poster first, hidden from assistive technology and
    // named in text; no addresses on the list.
    assertThat(row)
        .containsSubsequence(
            "<span class=\"faces\" aria-hidden=\"true\">",
            "title=\"Ada Lovelace\">AL</span>",
            "title=\"Grace Hopper\">GH</span>",
            "title=\"Alan Turing\">AT</span>")
        .contains("<span class=\"visually-hidden\">Ada Lovelace, Grace Hopper, Alan Turing</span>")
        .contains("class=\"avatar small hue-")
        .doesNotContain("@example.com")
        .doesNotContain("style=");
    assertThat(row)
        .contains("<td class=\"count replies\">2<span class=\"unit\"> replies</span></td>")
        .contains("<td class=\"count views\">1<span class=\"unit\"> view</span></td>");
    // The snippet is the first post's words: no forward header, no signature.
    assertThat(row)
        .contains(
            "<div class=\"snippet\">Thought you would enjoy this. After thirty-eight dark years,"
                + " the lighthouse is lit.</div>")
        .doesNotContain("Forwarded")
        .doesNotContain("From:")
        .doesNotContain("from her phone");
    // Last activity: the newest post's own date (Alan's, 11:45), with the relative beside it,
    // not when it arrived (12:04).
    assertThat(row)
        .contains(
            "<time datetime=\"2025-11-30T11:45:00Z\" title=\"UTC\">Nov 30, 2025, 11:45:00"
                + " AM</time> <span class=\"relative\">(19 minutes ago)</span>");
    // ... which is the date the conversation page shows on its last post.
    assertThat(web.client().get("/g/news/t/" + tide.topic().value() + "/").body())
        .contains("Nov 30, 2025, 11:45:00 AM");
    // A topic of one post: no replies; "1 reply" is singular.
    assertThat(row(page, shortTopic))
        .contains("<td class=\"count replies\">0<span class=\"unit\"> replies</span></td>");
  }

  @Test
  void aWebPostsSnippetIsItsRenderedTextWithoutMarkdownOrQuotes() {
    String row = row(web.client().get("/g/news/").body(), webTopic);
    assertThat(row)
        .contains(
            "<div class=\"snippet\">The lamp stores power in the old tank: charge on the flood"
                + " shine on the ebb</div>")
        .doesNotContain("*")
        .doesNotContain("&lt;em&gt;")
        .doesNotContain("a quote typed");
  }

  @Test
  void topicsWithUnreadPostsAreBoldWithTheirCountForAMemberOnly() {
    WebClient asAda = web.client();
    asAda.login("ada@example.com", WebSite.PASSWORD);
    String before = asAda.get("/g/news/").body();
    assertThat(row(before, tide.topic().value()))
        .startsWith("<tr class=\"unread\">")
        // three posts, one of them Ada's own, which is never unread to her
        .contains("<span class=\"unread-count\">2 unread</span>");
    assertThat(asAda.get("/").body())
        .contains("<th scope=\"col\" class=\"num\">Unread topics</th>")
        .contains(
            "<td class=\"count unread has-unread\">3<span class=\"unit\"> unread topics</span></td>");
    // Ada reads "Tide power": its row is no longer bold, and one topic fewer is unread.
    asAda.get("/g/news/t/" + tide.topic().value() + "/");
    String after = asAda.get("/g/news/").body();
    assertThat(row(after, tide.topic().value()))
        .startsWith("<tr class=\"read\">")
        .doesNotContain("unread");
    assertThat(row(after, shortTopic))
        .startsWith("<tr class=\"unread\">")
        .contains("<span class=\"unread-count\">1 unread</span>");
    assertThat(asAda.get("/").body())
        .contains(
            "<td class=\"count unread has-unread\">2<span class=\"unit\"> unread topics</span></td>");
    // Signed in but not a member: nothing is unread, and the home page says why.
    web.account("outsider@example.com", "Out Sider", java.time.ZoneId.of("UTC"));
    WebClient outsider = web.client();
    outsider.login("outsider@example.com", WebSite.PASSWORD);
    assertThat(outsider.get("/g/news/").body())
        .doesNotContain("<tr class=\"unread\">")
        .doesNotContain("unread-count");
    assertThat(outsider.get("/").body())
        .contains("Unread topics")
        .contains("<span class=\"visually-hidden\">not a member</span>");
    // Signed out: nothing is unread, and the home page has no unread column.
    WebClient anonymous = web.client();
    assertThat(anonymous.get("/g/news/").body())
        .doesNotContain("<tr class=\"unread\">")
        .doesNotContain("unread-count");
    assertThat(anonymous.get("/").body()).doesNotContain("Unread topics");
  }

  @Test
  void theListSortsByLatestActivityNewestTopicOrMostReplies() {
    WebClient c = web.client();
    String tideLink = "href=\"/g/news/t/" + tide.topic().value() + "/\"";
    String webLink = "href=\"/g/news/t/" + webTopic + "/\"";
    String shortLink = "href=\"/g/news/t/" + shortTopic + "/\"";
    String latest = c.get("/g/news/").body();
    // latest: the web post (12:01), Alan's answer to "Tide power" (11:45), "Short one" (11:00)
    assertThat(latest)
        .containsSubsequence(webLink, tideLink, shortLink)
        .contains(
            "<a href=\"/g/news/\" aria-current=\"true\" class=\"current\">Latest activity</a>")
        .contains("<a href=\"/g/news/?sort=newest\">Newest topics</a>")
        .contains("<a href=\"/g/news/?sort=replies\">Most replies</a>");
    assertThat(c.get("/g/news/?sort=latest").body())
        .containsSubsequence(webLink, tideLink, shortLink);
    // newest topic: the web post (12:01), "Short one" (11:00), "Tide power" (09:00)
    assertThat(c.get("/g/news/?sort=newest").body())
        .containsSubsequence(webLink, shortLink, tideLink)
        .contains(
            "<a href=\"/g/news/?sort=newest\" aria-current=\"true\" class=\"current\">Newest"
                + " topics</a>");
    // most replies: "Tide power" (2), then the others by latest activity
    assertThat(c.get("/g/news/?sort=replies").body())
        .containsSubsequence(tideLink, webLink, shortLink);
    HttpResponse<String> bad = c.get("/g/news/?sort=%3Cscript%3E");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body())
        .contains("Sort it by latest, newest or replies.")
        .contains("&lt;script&gt;")
        .doesNotContain("<script>");
  }

  @Test
  void pagingKeepsTheOrderAndManyParticipantsAreCounted() {
    // Seven people answer "Short one": it shows five faces and "+3" (eight people in all).
    for (int i = 1; i <= 7; i++) {
      web.member(news, "p" + i + "@example.com", "Person " + (char) ('A' + i));
      web.mail(
          "news",
          message(
              "Person " + (char) ('A' + i) + " <p" + i + "@example.com>",
              "short-" + i + "@example.com",
              "Re: Short one",
              "short@example.com",
              "11:5" + i + ":00",
              "Me too."));
    }
    for (int i = 0; i < 25; i++) {
      web.clock.advance(Duration.ofSeconds(1));
      web.mail(
          "news",
          message(
              "Ada Lovelace <ada@example.com>",
              "filler-" + i + "@example.com",
              "Filler " + i,
              null,
              "10:00:00",
              "Filler."));
    }
    WebClient c = web.client();
    String first = c.get("/g/news/?sort=replies").body();
    String row = row(first, shortTopic);
    assertThat(row.split("class=\"avatar small", -1)).hasSize(6);
    assertThat(row)
        .contains("<span class=\"more\" title=\"3 more\">+3</span>")
        .contains("Grace Hopper, Person B, Person C, Person D, Person E and 3 more</span>")
        .contains("<td class=\"count replies\">7<span class=\"unit\"> replies</span></td>");
    assertThat(first)
        .containsSubsequence("href=\"/g/news/t/" + shortTopic + "/\"", "Filler")
        .contains("<a rel=\"next\" href=\"/g/news/?sort=replies&amp;page=2\">");
    String second = c.get("/g/news/?sort=replies&page=2").body();
    assertThat(second)
        .contains("Page 2 of 2")
        .contains("<a rel=\"prev\" href=\"/g/news/?sort=replies\">")
        .doesNotContain("href=\"/g/news/t/" + shortTopic + "/\"");
    assertThat(c.get("/g/news/?page=3").statusCode()).isEqualTo(404);
  }

  @Test
  void theHomePageShowsEachGroupsCountsAndTheNewestPostsDate() {
    web.group("quiet", true);
    String home = web.client().get("/").body();
    String news = home.substring(home.indexOf("href=\"/g/news/\""));
    news = news.substring(0, news.indexOf("</tr>"));
    // The newest post is Grace's web post, written and sent at 12:01.
    assertThat(news)
        .contains(">NEWS</a>")
        .contains("<div class=\"description\">About news</div>")
        .contains("<td class=\"count topics\">3<span class=\"unit\"> topics</span></td>")
        .contains(
            "<time datetime=\"2025-11-30T12:01:00Z\" title=\"UTC\">Nov 30, 2025, 12:01:00"
                + " PM</time> <span class=\"relative\">(3 minutes ago)</span>");
    // The same date as the first row of the group's list and as that post on its page.
    String list = web.client().get("/g/news/").body();
    assertThat(list.indexOf("href=\"/g/news/t/"))
        .isEqualTo(list.indexOf("href=\"/g/news/t/" + webTopic + "/\""));
    assertThat(row(list, webTopic)).contains("Nov 30, 2025, 12:01:00 PM");
    assertThat(web.client().get("/g/news/t/" + webTopic + "/").body())
        .contains("Nov 30, 2025, 12:01:00 PM");
    String quiet = home.substring(home.indexOf("href=\"/g/quiet/\""));
    assertThat(quiet.substring(0, quiet.indexOf("</tr>")))
        .contains("<td class=\"count topics\">0<span class=\"unit\"> topics</span></td>")
        .contains("No posts yet");
  }

  @Test
  void aDateInTheFutureDoesNotKeepATopicOnTop() {
    web.clock.advance(Duration.ofMinutes(1));
    long forged =
        web.mail(
                "news",
                message(
                        "Grace Hopper <grace@example.com>",
                        "future@example.com",
                        "From the future",
                        null,
                        "11:00:00",
                        "Hello.")
                    .replace("Sun, 30 Nov 2025", "Fri, 30 Nov 2035"))
            .topic()
            .value();
    String forgedLink = "href=\"/g/news/t/" + forged + "/\"";
    String webLink = "href=\"/g/news/t/" + webTopic + "/\"";
    // It arrived last, so it is first; the list shows the date it claims, as its page does.
    String first = web.client().get("/g/news/").body();
    assertThat(first).containsSubsequence(forgedLink, webLink);
    assertThat(row(first, forged)).contains("Nov 30, 2035, 11:00:00 AM");
    // A post that arrives later goes above it.
    web.clock.advance(Duration.ofMinutes(1));
    web.mail(
        "news",
        message(
            "Ada Lovelace <ada@example.com>",
            "tide-4@example.com",
            "Re: Tide power",
            "tide-3@example.com",
            "12:06:00",
            "One more."));
    assertThat(web.client().get("/g/news/").body())
        .containsSubsequence("href=\"/g/news/t/" + tide.topic().value() + "/\"", forgedLink);
  }

  @Test
  void aPrivateGroupNeverShowsOnTheHomePageToANonMember() {
    Group secret = web.group("secret", false);
    Account member = web.member(secret, "member@example.com", "Mem Ber");
    web.member(secret, "spy@example.com", "Spy Master");
    web.mail(
        "secret",
        WebSite.message(
            "secret", "Spy Master <spy@example.com>", "s@example.com", "Plans", null, "Hush."));
    web.account("outsider@example.com", "Out Sider", java.time.ZoneId.of("UTC"));
    WebClient outsider = web.client();
    outsider.login("outsider@example.com", WebSite.PASSWORD);
    for (WebClient c : new WebClient[] {web.client(), outsider}) {
      String home = c.get("/").body();
      assertThat(home).contains("/g/news/").doesNotContain("/g/secret/").doesNotContain("SECRET");
      assertThat(c.get("/g/secret/").statusCode()).isEqualTo(404);
      assertThat(c.get("/g/secret/?sort=replies").statusCode()).isEqualTo(404);
    }
    // the outsider is signed in: news shows "not a member" in the unread column
    assertThat(outsider.get("/").body())
        .contains("<span class=\"visually-hidden\">not a member</span>");
    WebClient asMember = web.client();
    asMember.login(member.email().value(), WebSite.PASSWORD);
    assertThat(asMember.get("/").body())
        .contains("/g/secret/")
        .contains(
            "<td class=\"count unread has-unread\">1<span class=\"unit\"> unread topic</span></td>");
  }
}
