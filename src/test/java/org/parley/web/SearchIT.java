package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.account.Account;
import org.parley.archive.MessageId;
import org.parley.archive.Post;
import org.parley.archive.PostId;
import org.parley.archive.TopicId;
import org.parley.cli.Cli;
import org.parley.group.Group;
import org.parley.ingest.IngestResult;
import org.parley.search.SearchIndex;
import org.parley.testkit.RelaySink;

/** Search against a running site: posts by SMTP and the Ingestor are found, and nothing leaks. */
class SearchIT {
  @TempDir Path dir;
  WebSite web;
  Group news;
  Group secret;

  @BeforeEach
  void setUp() {
    web = new WebSite(dir);
    news = web.group("news", true);
    secret = web.group("secret", false);
    web.member(news, "ada@example.com", "Ada Lovelace");
    web.member(secret, "member@example.com", "Member");
    web.account("outsider@example.com", "Outsider", ZoneId.of("UTC"));
    Account admin = web.account("admin@example.com", "Admin", ZoneId.of("UTC"));
    web.site.accounts().setSiteAdmin(admin.id(), true);
  }

  @AfterEach
  void tearDown() {
    if (web != null) {
      web.close();
    }
  }

  static String q(String query) {
    return "/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
  }

  /** Polls until the condition holds, for at most {@code limit}. */
  static void await(String what, Duration limit, BooleanSupplier condition) {
    RelaySink.await(what, limit, condition);
  }

  void awaitFound(WebClient c, String query, String text) {
    await(
        query + " to be found",
        Duration.ofSeconds(10),
        () -> c.get(q(query)).body().contains(text));
  }

  @Test
  void postsBySmtpAndByTheIngestorAreFoundAndLinkToTheirPost() throws Exception {
    web.smtp(
        "ada@example.com",
        "news@lists.test",
        WebSite.message(
            "news",
            "Ada Lovelace <ada@example.com>",
            "smtp-1@example.com",
            "Weaving patterns",
            null,
            "The engine weaves zebracorn patterns. <script>alert(1)</script>"));
    IngestResult.Accepted direct =
        web.mail(
            "news",
            WebSite.message(
                "news",
                "Ada Lovelace <ada@example.com>",
                "direct-1@example.com",
                "Quokka census",
                null,
                "Counting every quokka on the island."));
    WebClient c = web.client();

    awaitFound(c, "zebracorn", "Weaving patterns");
    Post smtp =
        web.site.reader().postsByMessageId(news.id(), new MessageId("smtp-1@example.com")).get(0);
    HttpResponse<String> r = c.get(q("zebracorn"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("href=\"/g/news/t/" + smtp.topicId() + "/#p" + smtp.id() + "\"")
        .contains("<mark>zebracorn</mark>")
        .contains("Ada Lovelace")
        .contains("Nov 30, 2025") // the absolute date, with the relative one beside it
        .contains("&lt;script&gt;")
        .doesNotContain("<script>alert");

    awaitFound(c, "quokka", "<mark>Quokka</mark> census");
    assertThat(c.get(q("quokka")).body())
        .contains("href=\"/g/news/t/" + direct.topic() + "/#p" + direct.post() + "\"")
        .contains("1 post found");
    // the result link leads to the conversation holding the post
    assertThat(c.get("/g/news/t/" + direct.topic() + "/").body()).contains("Counting every quokka");
  }

  @Test
  void aPrivateGroupsPostsAreFoundByItsMembersOnly() throws Exception {
    IngestResult.Accepted hidden =
        web.mail(
            "secret",
            WebSite.message(
                "secret",
                "Member <member@example.com>",
                "hidden-1@example.com",
                "Hidden plans",
                null,
                "The zanzibar plan is classified."));
    web.mail(
        "news",
        WebSite.message(
            "news",
            "Ada Lovelace <ada@example.com>",
            "open-1@example.com",
            "Open plans",
            null,
            "The zanzibar plan in the open."));
    WebClient member = web.client();
    member.login("member@example.com", WebSite.PASSWORD);
    WebClient admin = web.client();
    admin.login("admin@example.com", WebSite.PASSWORD);
    awaitFound(member, "zanzibar", "Hidden plans");
    awaitFound(member, "zanzibar", "Open plans");
    assertThat(admin.get(q("zanzibar")).body()).contains("Hidden plans").contains("Open plans");
    assertThat(member.get(q("zanzibar") + "&g=secret").body())
        .contains("/g/secret/t/" + hidden.topic() + "/#p" + hidden.post())
        .doesNotContain("Open plans");

    WebClient outsider = web.client();
    outsider.login("outsider@example.com", WebSite.PASSWORD);
    for (WebClient c : List.of(web.client(), outsider)) {
      for (String query :
          List.of(
              "zanzibar",
              "classified",
              "subject:hidden",
              "from:member",
              "from:member@example.com",
              "msgid:hidden-1@example.com",
              "-nothing",
              "zanzib*")) {
        HttpResponse<String> r = c.get(q(query));
        assertThat(r.statusCode()).as(query).isEqualTo(200);
        assertThat(r.body())
            .as(query)
            .doesNotContain("Hidden plans")
            .doesNotContain("is classified")
            .doesNotContain("/g/secret/");
      }
      assertThat(c.get(q("zanzibar")).body()).contains("Open plans");
      // naming the group does not reveal it either
      assertThat(c.get(q("zanzibar") + "&g=secret").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void aBadQueryIsAnsweredWithAMessageNotAnError() throws Exception {
    web.mail(
        "news",
        WebSite.message(
            "news",
            "Ada Lovelace <ada@example.com>",
            "bad-1@example.com",
            "Difference engine",
            null,
            "The difference engine computes tables."));
    WebClient c = web.client();
    awaitFound(c, "tables", "class=\"hit\"");
    for (String query :
        List.of("\"difference engine", "AND OR", "(tables", "a:b:c", "*x", "[a TO")) {
      HttpResponse<String> r = c.get(q(query));
      assertThat(r.statusCode()).as(query).isEqualTo(200);
      assertThat(r.body()).as(query).doesNotContain("Something went wrong");
    }
    assertThat(c.get(q("\"difference engine")).body())
        .contains("id=\"search-notice\"")
        .contains("<mark>Difference</mark> <mark>engine</mark>");
    assertThat(c.get(q("nothingmatchesthis")).body()).contains("id=\"no-results\"");
    HttpResponse<String> blank = c.get("/search?q=+");
    assertThat(blank.statusCode()).isEqualTo(200);
    assertThat(blank.body()).contains("id=\"search-q\"").doesNotContain("found");
    assertThat(c.get("/search").statusCode()).isEqualTo(200);
    assertThat(c.get(q("tables") + "&page=x").statusCode()).isEqualTo(404);
    assertThat(c.get(q("tables") + "&g=no-such-group").statusCode()).isEqualTo(404);
  }

  /** A message to the group with this Date header. */
  static String dated(String group, String from, String id, String subject, String date) {
    return WebSite.message(group, from, id, subject, null, "A marmot was seen.")
        .replace("Date: Sun, 30 Nov 2025 11:00:00 +0000", "Date: " + date);
  }

  /** Where each subject first appears on the page, in the order given; -1 if it does not. */
  static List<Integer> places(String page, String... subjects) {
    return Stream.of(subjects).map(page::indexOf).toList();
  }

  @Test
  void datesNarrowTheSearchToTheirDaysAndResultsSortNewestFirst() throws Exception {
    String ada = "Ada Lovelace <ada@example.com>";
    web.mail(
        "news",
        dated("news", ada, "d1@example.com", "Year end", "Sun, 31 Dec 2023 23:30:00 +0000"));
    web.mail(
        "news",
        dated("news", ada, "d2@example.com", "New year", "Mon, 01 Jan 2024 00:00:00 +0000"));
    web.mail(
        "news",
        dated("news", ada, "d3@example.com", "Month end", "Wed, 31 Jan 2024 23:59:00 +0000"));
    web.mail(
        "news",
        dated("news", ada, "d4@example.com", "February start", "Thu, 01 Feb 2024 00:00:00 +0000"));
    web.mail(
        "secret",
        dated(
            "secret",
            "Member <member@example.com>",
            "d5@example.com",
            "Secret January",
            "Mon, 15 Jan 2024 12:00:00 +0000"));
    WebClient c = web.client();
    awaitFound(c, "marmot", "4 posts found");

    // Gmail's meaning: after: includes its day, before: does not; a visitor's days are in UTC
    for (String query :
        List.of(
            "marmot after:2024-01-01 before:2024-02-01",
            "after:2024/01/01 before:2024/02/01",
            "d:2024-01-01..2024-01-31",
            "marmot d:20240101..20240131")) {
      String page = c.get(q(query)).body();
      assertThat(page)
          .as(query)
          .contains("New year")
          .contains("Month end")
          .doesNotContain("Year end")
          .doesNotContain("February start")
          .doesNotContain("Secret January")
          .contains("2 posts found");
    }
    assertThat(c.get(q("d:2024-01-01..")).body())
        .contains("New year")
        .contains("Month end")
        .contains("February start")
        .doesNotContain("Year end");
    assertThat(c.get(q("marmot d:..2024-01-31")).body())
        .contains("Year end")
        .contains("New year")
        .contains("Month end")
        .doesNotContain("February start");

    // a member of the private group finds its post by date too; in Paris, January is an hour
    // earlier
    WebClient member = web.client();
    member.login("member@example.com", WebSite.PASSWORD);
    assertThat(member.get(q("d:2024-01-15")).body())
        .contains("Secret January")
        .contains("1 post found");
    web.account("paris@example.com", "Parisienne", ZoneId.of("Europe/Paris"));
    WebClient paris = web.client();
    paris.login("paris@example.com", WebSite.PASSWORD);
    assertThat(paris.get(q("after:2024-01-01 before:2024-02-01")).body())
        .contains("Year end")
        .contains("New year")
        .doesNotContain("Month end")
        .contains("2 posts found");

    // newest first on demand, from a link that keeps the query; best match first by default
    String best = c.get(q("marmot")).body();
    assertThat(best)
        .contains("href=\"/search?q=marmot&amp;sort=date\"")
        .contains("<strong aria-current=\"true\">best match</strong>");
    String newest = c.get(q("marmot") + "&sort=date").body();
    assertThat(places(newest, "February start", "Month end", "New year", "Year end"))
        .doesNotContain(-1)
        .isSorted();
    assertThat(newest)
        .contains("<strong aria-current=\"true\">newest first</strong>")
        .contains("href=\"/search?q=marmot\"")
        .contains("name=\"sort\" value=\"date\"");
    assertThat(
            places(
                c.get(q("marmot d:2024-01-01..") + "&sort=date").body(),
                "February start",
                "Month end",
                "New year"))
        .doesNotContain(-1)
        .isSorted();
    HttpResponse<String> bogus = c.get(q("marmot") + "&sort=sideways");
    assertThat(bogus.statusCode()).isEqualTo(400);
    assertThat(bogus.body()).contains("sort=date");

    // a date that is not one says so on the results page, with a 200 and no results
    for (String query :
        List.of("marmot after:2024-13-45", "before:2024-02-30", "d:2024-02-01..2024-01-01")) {
      HttpResponse<String> r = c.get(q(query));
      assertThat(r.statusCode()).as(query).isEqualTo(200);
      assertThat(r.body())
          .as(query)
          .contains("id=\"search-problem\"")
          .doesNotContain("id=\"no-results\"")
          .doesNotContain("class=\"hit\"")
          .doesNotContain("Something went wrong");
    }
    assertThat(c.get(q("marmot after:2024-13-45")).body())
        .contains("In after:2024-13-45, \"2024-13-45\" is not a date: there is no month 13.");
  }

  @Test
  void theHelpPageListsEveryOperatorAndSaysWhichTimeZoneDatesAreIn() throws Exception {
    WebClient c = web.client();
    assertThat(c.get("/search").body()).contains("href=\"/search/help\"");
    HttpResponse<String> help = c.get("/search/help");
    assertThat(help.statusCode()).isEqualTo(200);
    assertThat(help.body())
        .contains("\"difference engine\"")
        .contains("engine OR loom")
        .contains("engine -babbage")
        .contains("weav*")
        .contains("subject:")
        .contains("from:")
        .contains("msgid:")
        .contains("after:2024-01-01")
        .contains("before:2024-02-01")
        .contains("d:2021-01-01..2021-03-31")
        .contains("d:2021-01-01..<")
        .contains("d:..2021-03-31")
        .contains("sort=date")
        .contains("<strong>UTC</strong>");
    web.account("paris@example.com", "Parisienne", ZoneId.of("Europe/Paris"));
    WebClient paris = web.client();
    paris.login("paris@example.com", WebSite.PASSWORD);
    assertThat(paris.get("/search/help").body()).contains("<strong>Europe/Paris</strong>");
  }

  @Test
  void aGroupPageSearchesThatGroupAndResultsHavePages() throws Exception {
    Group other = web.group("other", true);
    web.member(other, "grace@example.com", "Grace");
    for (int i = 1; i <= 23; i++) {
      web.mail(
          "news",
          WebSite.message(
              "news",
              "Ada Lovelace <ada@example.com>",
              "page-" + i + "@example.com",
              "Topic " + i,
              null,
              "Widget report number " + i + "."));
    }
    web.mail(
        "other",
        WebSite.message(
            "other",
            "Grace <grace@example.com>",
            "other-1@example.com",
            "Elsewhere",
            null,
            "A widget in another group."));
    WebClient c = web.client();
    awaitFound(c, "widget", "24 posts found");

    String groupPage = c.get("/g/news/").body();
    assertThat(groupPage)
        .contains("action=\"/search\"")
        .contains("name=\"g\" value=\"news\"")
        .contains("Search this group");
    String first = c.get(q("widget") + "&g=news").body();
    assertThat(first)
        .contains("23 posts found")
        .doesNotContain("Elsewhere")
        .contains("rel=\"next\"");
    assertThat(first.split("class=\"hit\"", -1)).hasSize(21);
    String second = c.get(q("widget") + "&g=news&page=2").body();
    assertThat(second.split("class=\"hit\"", -1)).hasSize(4);
    assertThat(second).contains("rel=\"prev\"").contains("Page 2 of 2");
  }

  @Test
  void anEmptyIndexIsRebuiltAtStartAndByParleyReindex() throws Exception {
    web.mail(
        "news",
        WebSite.message(
            "news",
            "Ada Lovelace <ada@example.com>",
            "old-1@example.com",
            "Old news",
            null,
            "An archived armadillo."));
    web.mail(
        "secret",
        WebSite.message(
            "secret",
            "Member <member@example.com>",
            "old-2@example.com",
            "Old secret",
            null,
            "Another armadillo."));
    awaitFound(web.client(), "armadillo", "Old news");
    web.close();
    deleteTree(dir.resolve("index"));

    web = new WebSite(dir);
    awaitFound(web.client(), "armadillo", "Old news");
    web.close();
    web = null;

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Cli.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "reindex",
            "--data",
            dir.toString());
    assertThat(code).as(err.toString()).isZero();

    web = new WebSite(dir);
    assertThat(web.site.searchIndex().size()).isEqualTo(2);
  }

  /** A pseudo-word: distinct for each number, 4 to 9 letters. */
  static String word(int n) {
    String[] syllables = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ba", "de", "fu", "ge"};
    StringBuilder w = new StringBuilder();
    for (int k = n + syllables.length; k > 0; k /= syllables.length) {
      w.append(syllables[k % syllables.length]);
    }
    return w.toString();
  }

  /**
   * C10: the queries that could take a core and the heap get a page that says what was done with
   * them, never an error; a search out of time says so. On 3,000 posts of 40 words each from a
   * vocabulary of 20,000, put in the index directly (the archive has no bodies for them, so their
   * snippets are empty). What is asserted is the answer, never its speed.
   */
  @Test
  void c10HostileQueriesAreRefusedOrBoundedWithAMessage() throws Exception {
    web.mail(
        "news",
        WebSite.message(
            "news",
            "Ada Lovelace <ada@example.com>",
            "real-1@example.com",
            "Difference engine",
            null,
            "The difference engine computes tables."));
    WebClient c = web.client(); // a visitor, not signed in: search is open to everyone
    awaitFound(c, "tables", "class=\"hit\"");
    SearchIndex index = web.site.searchIndex();
    Random random = new Random(16);
    for (int i = 0; i < 3000; i++) {
      String body =
          IntStream.range(0, 40)
              .mapToObj(k -> word(random.nextInt(20_000)))
              .collect(Collectors.joining(" "));
      Instant at = Instant.parse("2024-06-01T00:00:00Z").plusSeconds(i);
      index.add(
          new Post(
              new PostId(100_000 + i),
              news.id(),
              new TopicId(100_000 + i),
              1,
              new MessageId("bulk-" + i + "@example.com"),
              "sha",
              100,
              null,
              null,
              "bulk" + i + "@example.com",
              "Author " + word(i),
              null,
              "Subject " + word(random.nextInt(20_000)),
              at,
              at,
              "",
              "",
              "",
              body,
              null,
              "",
              "smtp"));
    }
    index.commit();

    String manyFuzzy =
        IntStream.range(0, 200).mapToObj(i -> word(i) + "~2").collect(Collectors.joining(" "));
    // 500 OR'd words (6 KB) fit in a request line; 1,000 do not (below)
    String manyOrs =
        IntStream.range(0, 500).mapToObj(SearchIT::word).collect(Collectors.joining(" OR "));
    Map<String, String> said =
        Map.of(
            "/[\\w\\W]{1,99999}/",
            "Regular expressions are not supported",
            "*a*b*c*",
            "A wildcard needs at least 2 letters before its first * or ?",
            "ka* lo* mi* ne* ru* sa*",
            "at most 4 words with a wildcard",
            manyFuzzy,
            "only its first 500 characters were used",
            manyOrs,
            "only its first 500 characters were used",
            "[a TO zzzz]",
            "Ranges of words ([a TO b]) are not supported",
            "engine ".repeat(1000),
            "only its first 500 characters were used");
    for (Map.Entry<String, String> e : said.entrySet()) {
      String query = e.getKey();
      String shown = query.length() > 30 ? query.substring(0, 30) + "…" : query;
      HttpResponse<String> r = c.get(q(query));
      assertThat(r.statusCode()).as(shown).isEqualTo(200);
      assertThat(r.body())
          .as(shown)
          .contains("id=\"search-notice\"")
          .contains(e.getValue().replace("'", "&#39;"))
          .doesNotContain("Something went wrong");
    }
    // the words of a regular expression are searched, not the expression
    assertThat(c.get(q("/tab.*/")).body()).contains("id=\"no-results\"");
    // 1,000 OR'd words or 100 KB do not fit in a request line: the server refuses them (414)
    // before they reach search
    String thousandOrs =
        IntStream.range(0, 1000).mapToObj(SearchIT::word).collect(Collectors.joining(" OR "));
    for (String query : List.of(thousandOrs, "engine ".repeat(15_000))) {
      HttpResponse<String> r = c.get(q(query));
      assertThat(r.statusCode()).isEqualTo(414);
    }

    // a search out of time says so, and keeps what it found
    index.timeBudget(Duration.ZERO);
    try {
      HttpResponse<String> r = c.get(q("subject"));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body())
          .contains("id=\"search-stopped\"")
          .contains(
              "The search took too long and was stopped; results may be incomplete — try fewer"
                  + " or more specific words.")
          .contains("href=\"/search/help#limits\"")
          .doesNotContain("id=\"no-results\"");
    } finally {
      index.timeBudget(SearchIndex.TIME_BUDGET);
    }
    HttpResponse<String> whole = c.get(q("subject"));
    assertThat(whole.body()).doesNotContain("search-stopped").contains("3000 posts found");
    assertThat(c.get("/search/help").body())
        .contains("id=\"limits\"")
        .contains("500 characters")
        .contains("64 words")
        .contains("Regular expressions");
  }

  static void deleteTree(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
