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
import org.parley.group.Group;
import org.parley.group.Posting;
import org.parley.ingest.IngestResult;

/** The conversation page, element by element, over HTTP against a running site. */
class ConversationPageIT {
  @TempDir Path dir;
  WebSite web;
  Group news;
  Account ada;
  Account grace;
  IngestResult.Accepted first;
  String topic;

  @BeforeEach
  void setUp() {
    web = new WebSite(dir);
    news = web.group("news", true);
    ada = web.member(news, "ada@example.com", "Ada Lovelace");
    grace = web.member(news, "grace@example.com", "Grace Hopper");
    web.site.accounts().setProfile(grace.id(), "Grace Hopper", ZoneId.of("America/New_York"));
    first =
        web.mail(
            "news",
            WebSite.message(
                "news",
                "Ada Lovelace <ada@example.com>",
                "one@example.com",
                "Tide power",
                null,
                "First post.\n  indented line"));
    web.mail(
        "news",
        WebSite.message(
            "news",
            "Grace Hopper <grace@example.com>",
            "two@example.com",
            "Re: Tide power",
            "one@example.com",
            "Second post.\n\nOn Sun, Ada wrote:\n> First post.\n\n-- \nGrace"));
    topic = "/g/news/t/" + first.topic().value() + "/";
  }

  @AfterEach
  void tearDown() {
    web.close();
  }

  @Test
  void showsTitleHeadingToLineBodyAndDatesForASignedOutViewer() {
    HttpResponse<String> r = web.client().get(topic);
    assertThat(r.statusCode()).isEqualTo(200);
    String page = r.body();
    assertThat(page).contains("<title>Tide power · Parley</title>");
    assertThat(page).contains("<h1 class=\"topic-subject\">Tide power</h1>");
    assertThat(page).contains("Ada Lovelace").contains("Grace Hopper");
    assertThat(page).contains("to news@lists.test");
    // Plain text keeps line breaks and indentation; quotes and signature are folded.
    assertThat(page).contains("First post.\n  indented line");
    // A signature right after the quote is folded with it, behind one "show quoted text".
    assertThat(page)
        .containsOnlyOnce("<details class=\"quoted\"><summary>show quoted text</summary>")
        .contains("&gt; First post.\n\n-- \nGrace</div></details>")
        .doesNotContain("<details class=\"signature\">");
    // Absolute date (UTC for a signed-out viewer) with the relative one beside it.
    assertThat(page)
        .contains("Nov 30, 2025, 11:00:00 AM</time> <span class=\"relative\">(1 hour ago)</span>");
    // Signed out: no unread markers, no skip link, no addresses, a sign-in link instead of a form.
    assertThat(page).doesNotContain("class=\"marker\"").doesNotContain("Skip to first unread");
    assertThat(page).doesNotContain("ada@example.com");
    assertThat(page).contains("Sign in</a> to reply.");
  }

  @Test
  void datesFollowTheViewersTimeZone() {
    WebClient asAda = web.client();
    asAda.login("ada@example.com", WebSite.PASSWORD);
    WebClient asGrace = web.client();
    asGrace.login("grace@example.com", WebSite.PASSWORD);
    assertThat(asAda.get(topic).body()).contains("Nov 30, 2025, 11:00:00 AM");
    assertThat(asGrace.get(topic).body())
        .contains("Nov 30, 2025, 6:00:00 AM")
        .contains("title=\"America/New_York\"");
  }

  @Test
  void countsAViewOncePerViewerPerThirtyMinutes() {
    WebClient anonymous = web.client();
    assertThat(anonymous.get(topic).body()).contains("1 view");
    assertThat(anonymous.get(topic).body()).contains("1 view");
    WebClient asAda = web.client();
    asAda.login("ada@example.com", WebSite.PASSWORD);
    assertThat(asAda.get(topic).body()).contains("2 views");
    assertThat(asAda.get(topic).body()).contains("2 views");
    web.clock.advance(Duration.ofMinutes(29));
    assertThat(asAda.get(topic).body()).contains("2 views");
    web.clock.advance(Duration.ofMinutes(2));
    assertThat(asAda.get(topic).body()).contains("3 views");
  }

  @Test
  void readMarkUnreadMarkersAndSkipLink() {
    WebClient asAda = web.client();
    asAda.login("ada@example.com", WebSite.PASSWORD);
    String firstVisit = asAda.get(topic).body();
    // Issue 15: Ada's own post is not unread to her; Grace's reply is, and the skip link goes
    // there.
    assertThat(firstVisit).doesNotContain("class=\"post unread\" id=\"p" + first.post().value());
    long second = web.site.reader().posts(first.topic()).get(1).id().value();
    assertThat(firstVisit).contains("class=\"post unread\" id=\"p" + second + "\"");
    assertThat(firstVisit).contains("href=\"#p" + second + "\">Skip to first unread message");
    assertThat(firstVisit).containsOnlyOnce("<span class=\"marker\">unread</span>");
    // Opening the topic moved the mark to the last post: nothing is unread now.
    String again = asAda.get(topic).body();
    assertThat(again).doesNotContain("<span class=\"marker\">unread</span>");
    assertThat(again).doesNotContain("Skip to first unread message");
    // A new post arrives: only it is unread, and the skip link points at it.
    IngestResult.Accepted third =
        web.mail(
            "news",
            WebSite.message(
                "news",
                "Grace Hopper <grace@example.com>",
                "three@example.com",
                "Re: Tide power",
                "two@example.com",
                "Third."));
    String later = asAda.get(topic).body();
    assertThat(later)
        .contains("href=\"#p" + third.post().value() + "\">Skip to first unread message");
    assertThat(later).containsOnlyOnce("<span class=\"marker\">unread</span>");
    assertThat(web.site.readMarks().get(ada.id(), first.topic())).isEqualTo(3);
    // The group page shows the topic in bold until then.
    assertThat(asAda.get("/g/news/").body()).contains("<tr class=\"read\">");
  }

  @Test
  void addressesOnlyWhereThePolicyAllowsAndOnlyToMembers() {
    WebClient asAda = web.client();
    asAda.login("ada@example.com", WebSite.PASSWORD);
    assertThat(asAda.get(topic).body()).doesNotContain("&lt;grace@example.com&gt;");
    web.showAddresses(news);
    assertThat(asAda.get(topic).body())
        .contains("<span class=\"address\">&lt;grace@example.com&gt;</span>");
    web.account("stranger@example.com", "Stranger", ZoneId.of("UTC"));
    WebClient stranger = web.client();
    stranger.login("stranger@example.com", WebSite.PASSWORD);
    assertThat(stranger.get(topic).body()).doesNotContain("grace@example.com");
    assertThat(web.client().get(topic).body()).doesNotContain("grace@example.com");
  }

  @Test
  void anAuthorWhoGaveNoNameIsShownByAMaskedAddressToThoseWhoDoNotSeeAddresses() {
    // a sender with no account (so no name of theirs on the site) and no name in the message
    Group open = news.edit().posting(Posting.ANYONE).build();
    web.site.groups().update(open);
    IngestResult.Accepted a =
        web.mail(
            "news",
            "From: zed@example.com\nTo: news@lists.test\nSubject: No name given\n"
                + "Message-ID: <noname@example.com>\nDate: Sun, 30 Nov 2025 11:00:00 +0000\n\nHi\n");
    String topicPath = "/g/news/t/" + a.topic().value() + "/";
    String page = web.client().get(topicPath).body();
    assertThat(page).contains("z…@example.com").doesNotContain("zed@example.com");
    WebClient asGrace = web.client();
    asGrace.login("grace@example.com", WebSite.PASSWORD);
    assertThat(asGrace.get(topicPath).body()).doesNotContain("zed@example.com");
    web.showAddresses(open);
    assertThat(asGrace.get(topicPath).body()).contains("zed@example.com");
  }

  @Test
  void ccLineIsShownWithOthersAddressesMasked() {
    IngestResult.Accepted a =
        web.mail(
            "news",
            "From: Ada Lovelace <ada@example.com>\nTo: news@lists.test\n"
                + "Cc: Bob Example <bob@elsewhere.example>\nSubject: With cc\nMessage-ID: <cc@example.com>\n"
                + "Date: Sun, 30 Nov 2025 11:00:00 +0000\n\nHello\n");
    String page = web.client().get("/g/news/t/" + a.topic().value() + "/").body();
    assertThat(page).contains("to news@lists.test, cc Bob Example &lt;b…@elsewhere.example&gt;");
  }

  @Test
  void quotedTextInAnHtmlReplyIsFoldedButAQuoteInAnOriginalPostIsNot() {
    String head =
        "From: Ada Lovelace <ada@example.com>\nTo: news@lists.test\nMIME-Version: 1.0\n"
            + "Date: Sun, 30 Nov 2025 11:00:00 +0000\nContent-Type: text/html; charset=utf-8\n";
    IngestResult.Accepted original =
        web.mail(
            "news",
            head
                + "Subject: Quote\nMessage-ID: <q0@example.com>\n\n"
                + "<p>He said:</p><blockquote>Keep the light on.</blockquote>\n");
    web.mail(
        "news",
        head
            + "Subject: Re: Quote\nMessage-ID: <q1@example.com>\n"
            + "In-Reply-To: <q0@example.com>\n\n<div>Agreed.</div><div>On Sun, Ada wrote:<br></div>"
            + "<blockquote><p>He said:</p><blockquote>Keep the light on.</blockquote></blockquote>\n");

    String page = web.client().get("/g/news/t/" + original.topic().value() + "/").body();
    assertThat(page).containsOnlyOnce("<summary>show quoted text</summary>");
    assertThat(page).contains("<p>He said:</p><blockquote>Keep the light on.</blockquote>");
    assertThat(page)
        .contains(
            "<div>Agreed.</div><details class=\"quoted\"><summary>show quoted text</summary><div>On Sun, Ada wrote:");
  }

  @Test
  void htmlMailKeepsStructureMapsCidImagesAndHoldsRemoteImagesUntilAsked() {
    String raw =
        "From: Ada Lovelace <ada@example.com>\nTo: news@lists.test\nSubject: Article\n"
            + "Message-ID: <html@example.com>\nDate: Sun, 30 Nov 2025 11:00:00 +0000\nMIME-Version: 1.0\n"
            + "Content-Type: multipart/related; boundary=\"b\"\n\n--b\nContent-Type: text/html; charset=utf-8\n\n"
            + "<h1>Head</h1><figure><img src=\"cid:photo@x\" alt=\"Photo\"><figcaption>Caption."
            + " <small>Photo: Someone</small></figcaption></figure><ul><li>one</li></ul>"
            + "<table><tr><td>cell</td></tr></table><p><a href=\"https://example.org/a\">link</a></p>"
            + "<img src=\"https://img.example.org/remote.png\" alt=\"remote\">\n"
            + "--b\nContent-Type: image/png; name=\"p.png\"\nContent-ID: <photo@x>\n"
            + "Content-Disposition: inline; filename=\"p.png\"\nContent-Transfer-Encoding: base64\n\n"
            + "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==\n--b--\n";
    IngestResult.Accepted a = web.mail("news", raw);
    String url = "/g/news/t/" + a.topic().value() + "/";
    HttpResponse<String> r = web.client().get(url);
    String page = r.body();
    // The mail's own heading is styled as one but is not a heading of the page.
    assertThat(page)
        .contains("<div class=\"mail-h1\">Head</div>")
        .doesNotContain("<h1>Head</h1>")
        .contains("<figcaption>Caption. <small>Photo: Someone</small></figcaption>");
    assertThat(page).contains("<li>one</li>").contains("<td>cell</td>");
    assertThat(page).contains("src=\"/g/news/p/" + a.post().value() + "/a/0/p.png\"");
    // A remote image not yet asked for is a placeholder box with its alt text, not a broken image.
    assertThat(page)
        .contains(
            "<span class=\"image-placeholder\" data-remote-src=\"https://img.example.org/remote.png\""
                + " title=\"Image from another site, not loaded\">remote</span>");
    assertThat(page).doesNotContain(" src=\"https://img.example.org/remote.png\"");
    assertThat(page).contains(">Show images</button>");
    assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("img-src 'self';");
    // The photo shown in the body is not listed again as an attachment; it downloads inline.
    assertThat(page).doesNotContain(">p.png</a>").doesNotContain("class=\"attachments\"");
    HttpResponse<byte[]> img = web.client().bytes("/g/news/p/" + a.post().value() + "/a/0/p.png");
    assertThat(img.statusCode()).isEqualTo(200);
    assertThat(img.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("image/png");
    assertThat(img.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("inline;");
    assertThat(img.headers().firstValue("X-Content-Type-Options").orElseThrow())
        .isEqualTo("nosniff");
    // Asked to show images (the button: a form): the src is set, with no referrer, and this
    // answer's CSP lets https images load.
    WebClient reader = web.client();
    HttpResponse<String> asked =
        reader.postRaw(
            "/g/news/p/" + a.post().value() + "/show-images",
            Map.of("csrf", WebClient.csrf(reader.get(url).body())));
    assertThat(asked.statusCode()).isEqualTo(303);
    HttpResponse<String> shown =
        reader.get(asked.headers().firstValue("Location").orElseThrow().replaceFirst("#.*", ""));
    assertThat(shown.body())
        .contains(
            "<img alt=\"remote\" src=\"https://img.example.org/remote.png\""
                + " referrerpolicy=\"no-referrer\">")
        .doesNotContain("image-placeholder");
    assertThat(shown.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("img-src 'self' https:");
  }

  @Test
  void anAttachmentNotShownInTheBodyIsStillListed() {
    String raw =
        "From: Ada Lovelace <ada@example.com>\nTo: news@lists.test\nSubject: Minutes\n"
            + "Message-ID: <minutes@example.com>\nDate: Sun, 30 Nov 2025 11:00:00 +0000\n"
            + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n"
            + "--b\nContent-Type: text/html; charset=utf-8\n\n<p>Minutes attached.</p>\n"
            + "--b\nContent-Type: image/png; name=\"chart.png\"\nContent-ID: <chart@x>\n"
            + "Content-Disposition: attachment; filename=\"chart.png\"\n"
            + "Content-Transfer-Encoding: base64\n\n"
            + "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==\n--b--\n";
    IngestResult.Accepted a = web.mail("news", raw);
    String page = web.client().get("/g/news/t/" + a.topic().value() + "/").body();
    assertThat(page)
        .contains("<ul class=\"attachments\" aria-label=\"Attachments\">")
        .contains(">chart.png</a> <span class=\"size\">");
    // its bytes come from the raw message, decoded as they download: no copy is kept beside it
    HttpResponse<byte[]> file =
        web.client().bytes("/g/news/p/" + a.post().value() + "/a/0/chart.png");
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.body())
        .isEqualTo(
            java.util.Base64.getDecoder()
                .decode(
                    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="));
    long blobs = count("SELECT COUNT(*) FROM blobs");
    long raws = count("SELECT COUNT(DISTINCT raw_sha256) FROM posts");
    assertThat(blobs).as("the raw messages alone").isEqualTo(raws);
  }

  @Test
  void postActionsAreNamedForTheirPostAndAuthorsHaveAvatars() {
    String page = web.client().get(topic).body();
    long id = first.post().value();
    assertThat(page)
        .contains(
            "<a class=\"action reply-author\" href=\"/g/news/p/"
                + id
                + "/reply-author\" aria-label=\"Reply to author, Ada Lovelace\">Reply to author</a>")
        .contains("aria-label=\"Reply all to Ada Lovelace\">Reply all</a>")
        .contains("aria-label=\"Forward Ada Lovelace’s message\">Forward</a>")
        .contains("aria-label=\"Reply all to Grace Hopper\">Reply all</a>");
    assertThat(page)
        .containsPattern("<span class=\"avatar hue-\\d+\" aria-hidden=\"true\">AL</span>");
    assertThat(page)
        .containsPattern("<span class=\"avatar hue-\\d+\" aria-hidden=\"true\">GH</span>");
    // No inline style: the site's CSP would drop it.
    assertThat(page).doesNotContain("style=");
  }

  @Test
  void aTableAlignedWithSpacesKeepsItsColumnsInMonospace() {
    IngestResult.Accepted a =
        web.mail(
            "news",
            WebSite.message(
                "news",
                "Ada Lovelace <ada@example.com>",
                "numbers@example.com",
                "Numbers",
                null,
                "From their numbers:\n\n    tidal range   3.1 m\n    tank volume   40 m3\n\n"
                    + "which works out."));
    String page = web.client().get("/g/news/t/" + a.topic().value() + "/").body();
    assertThat(page)
        .contains("<div class=\"body text\"><div class=\"plain\">From their numbers:</div>")
        .contains(
            "<div class=\"plain mono\">    tidal range   3.1 m\n    tank volume   40 m3</div>")
        .contains("<div class=\"plain\">which works out.</div>");
  }

  @Test
  void replyToAuthorAndForwardShowTheOriginalWithItsLineBreaks() {
    WebClient asGrace = web.client();
    asGrace.login("grace@example.com", WebSite.PASSWORD);
    for (String kind : List.of("reply-author", "forward")) {
      String page = asGrace.get("/g/news/p/" + first.post().value() + "/" + kind).body();
      assertThat(page)
          .as(kind)
          .contains(
              "<blockquote class=\"quoted-post\"><p class=\"quoted-from\"><strong>Ada Lovelace</strong>:"
                  + " Tide power</p><div class=\"quoted-text\">First post.\n  indented line</div>");
    }
  }

  @Test
  void theFaviconIsServedAndLinked() {
    assertThat(web.client().get(topic).body())
        .contains("<link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\">");
    HttpResponse<String> icon = web.client().get("/assets/favicon.svg");
    assertThat(icon.statusCode()).isEqualTo(200);
    assertThat(icon.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/svg+xml");
    assertThat(icon.body()).startsWith("<svg");
    HttpResponse<String> ico = web.client().get("/favicon.ico");
    assertThat(ico.statusCode()).isEqualTo(301);
    assertThat(ico.headers().firstValue("Location").orElseThrow()).isEqualTo("/assets/favicon.svg");
  }

  @Test
  void codeAndPatchesAreMonospace() {
    IngestResult.Accepted a =
        web.mail(
            "news",
            WebSite.message(
                "news",
                "Ada <ada@example.com>",
                "patch@example.com",
                "Patch",
                null,
                "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new"));
    assertThat(web.client().get("/g/news/t/" + a.topic().value() + "/").body())
        .contains("<div class=\"body text mono\">");
  }

  @Test
  void eachPostsShowOriginalGivesItsOwnBytesWhenTwoMessagesShareAMessageId() {
    String first =
        WebSite.message(
            "news", "Grace <grace@example.com>", "same@example.com", "Same", null, "Body A\n");
    String second =
        WebSite.message(
            "news", "Grace <grace@example.com>", "same@example.com", "Same", null, "Body B\n");
    IngestResult.Accepted a = web.mail("news", first);
    IngestResult.Accepted b = web.mail("news", second);
    assertThat(b.post()).isNotEqualTo(a.post());

    WebClient c = web.client();
    c.login("ada@example.com", WebSite.PASSWORD); // the original is for members (G5)
    for (IngestResult.Accepted posted : List.of(a, b)) {
      String page = c.get("/g/news/t/" + posted.topic().value() + "/").body();
      String link = "/g/news/p/" + posted.post().value() + "/raw";
      assertThat(page).contains("href=\"" + link + "\"");
    }
    assertThat(c.get("/g/news/p/" + a.post().value() + "/raw").body())
        .contains("\r\nBody A\r\n")
        .doesNotContain("Body B");
    assertThat(c.get("/g/news/p/" + b.post().value() + "/raw").body())
        .contains("\r\nBody B\r\n")
        .doesNotContain("Body A");
    assertThat(c.get("/g/news/p/999999/raw").statusCode()).isEqualTo(404);
  }

  @Test
  void permalinkRawAndTheLiveCount() {
    WebClient c = web.client();
    WebClient member = web.client();
    member.login("ada@example.com", WebSite.PASSWORD); // the original is for members (G5)
    HttpResponse<String> link = c.get("/g/news/m/two@example.com/");
    assertThat(link.statusCode()).isEqualTo(302);
    assertThat(link.headers().firstValue("Location").orElseThrow())
        .matches(topic.replace("/", "\\/") + "#p\\d+");
    HttpResponse<String> raw = member.get("/g/news/m/two@example.com/raw");
    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(raw.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    assertThat(raw.body()).contains("Message-ID: <two@example.com>\r\n");
    assertThat(c.get("/g/news/m/nothing@example.com/").statusCode()).isEqualTo(404);

    String page = c.get(topic).body();
    assertThat(page)
        .contains("hx-get=\"" + topic + "new-count?after=2\"")
        .contains("hx-trigger=\"every 5s\"");
    assertThat(c.get(topic + "new-count?after=2").body())
        .contains("No new messages since you opened this page.");
    web.mail(
        "news",
        WebSite.message(
            "news",
            "Grace <grace@example.com>",
            "n1@example.com",
            "Re: Tide power",
            "two@example.com",
            "n1"));
    web.mail(
        "news",
        WebSite.message(
            "news",
            "Grace <grace@example.com>",
            "n2@example.com",
            "Re: Tide power",
            "n1@example.com",
            "n2"));
    String fragment = c.get(topic + "new-count?after=2").body();
    assertThat(fragment).contains("<a href=\"" + topic + "?after=2#new\">2 new messages</a>");
    // Following the link shows them, marked new; the count on a fresh load is right.
    String shown = c.get(topic + "?after=2").body();
    assertThat(shown).contains("<span id=\"new\"></span>").contains("class=\"post new\"");
    assertThat(shown).contains("new-count?after=4");
  }

  @Test
  void unknownTopicAndTopicOfAnotherGroupAre404() {
    Group other = web.group("other", true);
    assertThat(other).isNotNull();
    WebClient c = web.client();
    assertThat(c.get("/g/news/t/999/").statusCode()).isEqualTo(404);
    assertThat(c.get("/g/other/t/" + first.topic().value() + "/").statusCode()).isEqualTo(404);
    assertThat(c.get("/g/news/t/abc/").body())
        .contains("There is nothing here")
        .doesNotContain("Exception");
  }

  /** Issue 15: what you post yourself, by the web or by mail, is never unread to you. */
  @Test
  void yourOwnPostsAreNeverUnreadToYou() throws Exception {
    WebClient asGrace = web.client();
    asGrace.login("grace@example.com", WebSite.PASSWORD);
    asGrace.get(topic);
    // Grace replies on the web, then by mail, without opening the topic again.
    long last = web.site.reader().posts(first.topic()).get(1).id().value();
    var r =
        asGrace.submit(
            topic + "?reply=" + last,
            topic + "reply",
            java.util.Map.of("parent", Long.toString(last), "body", "By web.", "action", "post"));
    assertThat(r.statusCode()).isEqualTo(303);
    web.mail(
        "news",
        WebSite.message(
            "news",
            "Grace Hopper <grace@example.com>",
            "grace-mail@example.com",
            "Re: Tide power",
            "two@example.com",
            "By mail."));
    assertThat(web.site.readMarks().unreadCounts(grace.id(), java.util.List.of(first.topic())))
        .isEmpty();
    String page = asGrace.get(topic).body();
    assertThat(page).doesNotContain("Skip to first unread").doesNotContain("class=\"post unread\"");
    // Ada has not opened the topic: Grace's three posts are unread to her, her own one is not.
    assertThat(web.site.readMarks().unreadCounts(ada.id(), java.util.List.of(first.topic())))
        .containsEntry(first.topic().value(), 3);
    // and the group page counts them for her, and none for Grace
    assertThat(asGrace.get("/g/news/").body()).doesNotContain("unread-count");
  }

  private long count(String sql) {
    return web.site.db().jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }
}
