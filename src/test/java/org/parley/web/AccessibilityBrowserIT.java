package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.parley.app.DemoSeed;
import org.parley.archive.Topic;
import org.parley.group.Group;
import org.parley.group.GroupName;

/**
 * The demo's pages checked by axe-core (the WebJar, loaded into each page through Selenium) in a
 * real browser: the home page, a group, the demo conversation, search results and the sign-in page,
 * signed out and signed in, have no violation of impact serious or critical. A failure lists each
 * violation with its rule id, impact, help text and the nodes it found.
 */
@Tag("slow") // a browser (chromium)
class AccessibilityBrowserIT {
  private static final Set<String> BLOCKING = Set.of("serious", "critical");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  WebSite web;
  ChromeDriver browser;
  List<DemoSeed.Login> logins;
  String topicPath;
  String axe;

  @BeforeEach
  void setUp() throws Exception {
    web = new WebSite(dir.resolve("site"));
    logins = DemoSeed.ensure(web.site);
    browser = Chromium.start(dir.resolve("chromium"));
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
    Group news = web.site.groups().find(new GroupName("news")).orElseThrow();
    Topic t = web.site.reader().topics(news.id(), 0, 1).get(0);
    topicPath = "/g/news/t/" + t.id().value() + "/";
    axe = axeSource();
  }

  @AfterEach
  void tearDown() {
    if (browser != null) {
      browser.quit();
    }
    web.close();
  }

  @Test
  void pagesSignedOutHaveNoSeriousViolations() {
    List<String> found = new ArrayList<>();
    for (String path : List.of("/", "/g/news/", topicPath, "/search?q=lighthouse", "/login")) {
      found.addAll(check(path));
    }
    assertThat(found).as(report(found)).isEmpty();
  }

  @Test
  void pagesSignedInHaveNoSeriousViolations() {
    signIn(logins.get(0)); // an owner of news: its moderation queue too, with a message in it
    Group news = web.site.groups().find(new GroupName("news")).orElseThrow();
    web.site.groups().update(news.withModeration(org.parley.group.Moderation.NON_MEMBERS, 1));
    assertThat(
            web.site
                .ingestor()
                .submit(
                    new org.parley.ingest.Submission(
                        news.name(),
                        WebSite.message(
                                "news",
                                "Zed <zed@example.net>",
                                "held@example.net",
                                "A question from outside",
                                null,
                                "Hello,\n\nis this the right group?\n\n> quoted\n")
                            .replace("\n", "\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        new org.parley.ingest.Envelope(
                            "zed@example.net", List.of("news@lists.test"), "test"),
                        org.parley.ingest.Source.SMTP)))
        .isInstanceOf(org.parley.ingest.IngestResult.Held.class);
    List<String> found = new ArrayList<>();
    for (String path :
        List.of("/", "/g/news/", topicPath, "/search?q=lighthouse", "/g/news/pending")) {
      found.addAll(check(path));
    }
    screenshot(browser.findElement(By.tagName("main")), "pending");
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
    found.addAll(check(topicPath).stream().map(l -> "phone " + l).toList());
    assertThat(found).as(report(found)).isEmpty();
  }

  @Test
  void theConversationsFormsWithAnErrorAPreviewAndTheReplyToAuthorPage() {
    signIn(logins.get(0));
    List<String> found = new ArrayList<>();
    browser.get(web.base() + topicPath);
    browser.findElement(By.cssSelector("#reply button[value=post]")).click();
    wait(5).until(ExpectedConditions.presenceOfElementLocated(By.id("reply-body-err")));
    found.addAll(checkHere("reply with an error"));
    browser.findElement(By.id("reply-body")).sendKeys("# A heading\n\n> quoted\n\n`code`");
    browser.findElement(By.cssSelector("#reply button[value=preview]")).click();
    wait(5).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".preview")));
    found.addAll(checkHere("reply preview"));
    // The preview is styled as the posted view: a quote with its bar, code at a readable size,
    // the heading styled but not a heading of the page.
    assertThat(
            browser
                .findElement(By.cssSelector(".preview blockquote"))
                .getCssValue("border-left-style"))
        .isEqualTo("solid");
    String codeSize = browser.findElement(By.cssSelector(".preview code")).getCssValue("font-size");
    assertThat(Double.parseDouble(codeSize.replace("px", ""))).isGreaterThanOrEqualTo(14.0);
    assertThat(browser.findElements(By.cssSelector(".preview .mail-h1"))).hasSize(1);
    screenshot(browser.findElement(By.id("reply")), "reply-preview");
    String replyAuthor = browser.findElement(By.cssSelector("a.reply-author")).getAttribute("href");
    browser.get(replyAuthor);
    found.addAll(checkHere("reply to author"));
    screenshot(browser.findElement(By.tagName("main")), "reply-author");
    assertThat(found).as(report(found)).isEmpty();
  }

  @Test
  void theGroupSettingsPageAndItsRefusedFormHaveNoSeriousViolations() {
    signIn(logins.get(0)); // the demo group's owner
    List<String> found = new ArrayList<>();
    browser.get(web.base() + "/g/news/settings");
    browser.findElement(By.id("title")).clear();
    browser.findElement(By.id("max_size")).clear();
    browser.findElement(By.id("max_size")).sendKeys("lots");
    // the title's own "required" would stop the browser from sending the form: take it off
    browser.executeScript("document.getElementById('title').removeAttribute('required')");
    browser.findElement(By.cssSelector("form.settings button[type=submit]")).click();
    wait(5).until(ExpectedConditions.presenceOfElementLocated(By.id("max_size-err")));
    found.addAll(checkHere("settings refused"));
    browser.findElement(By.id("title")).sendKeys("News and notes");
    browser.findElement(By.id("max_size")).clear();
    browser.findElement(By.id("max_size")).sendKeys("5 MB");
    browser.findElement(By.cssSelector("form.settings button[type=submit]")).click();
    wait(5).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".notice")));
    assertThat(browser.findElement(By.cssSelector(".notice")).getText())
        .isEqualTo("Saved: title, maximum size.");
    found.addAll(checkHere("settings saved, with the audit log"));
    screenshot(browser.findElement(By.tagName("main")), "group-settings");
    assertThat(found).as(report(found)).isEmpty();
  }

  @Test
  void theCheckFindsViolationsWhereThereAreSome() {
    browser.get(
        "data:text/html,<!doctype html><html lang=en><title>t</title><img src=x><button></button>");
    assertThat(checkHere("a bad page"))
        .anyMatch(l -> l.contains("image-alt (critical)"))
        .anyMatch(l -> l.contains("button-name (critical)"));
  }

  /** A picture of {@code element} in target/, for a person to look at. */
  private static void screenshot(org.openqa.selenium.WebElement element, String name) {
    try {
      Path target = Path.of("target", "screenshot-" + name + ".png");
      Files.createDirectories(target.getParent());
      Files.copy(
          element.getScreenshotAs(OutputType.FILE).toPath(),
          target,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void signIn(DemoSeed.Login login) {
    Chromium.signIn(browser, web.base(), login);
  }

  private WebDriverWait wait(int seconds) {
    return new WebDriverWait(browser, Duration.ofSeconds(seconds));
  }

  /** Opens {@code path} and returns its blocking violations, one line each. */
  private List<String> check(String path) {
    browser.get(web.base() + path);
    return checkHere(path);
  }

  /** Runs axe on the page open now; its serious and critical violations, one line each. */
  private List<String> checkHere(String where) {
    browser.executeScript(axe);
    Object result =
        browser.executeAsyncScript(
            "var done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']})"
                + ".then(function (r) { done(JSON.stringify(r.violations)); })"
                + ".catch(function (e) { done('axe failed: ' + e); });");
    String json = String.valueOf(result);
    if (!json.startsWith("[")) {
      throw new AssertionError(where + ": " + json);
    }
    List<String> lines = new ArrayList<>();
    try {
      for (JsonNode v : JSON.readTree(json)) {
        String impact = v.path("impact").asText();
        if (!BLOCKING.contains(impact)) {
          System.out.println(
              "axe, not blocking: " + where + ": " + v.path("id").asText() + " (" + impact + ")");
          continue;
        }
        StringBuilder line =
            new StringBuilder(where)
                .append(": ")
                .append(v.path("id").asText())
                .append(" (")
                .append(impact)
                .append(") ")
                .append(v.path("help").asText());
        for (JsonNode node : v.path("nodes")) {
          line.append("\n    ")
              .append(node.path("target"))
              .append(" ")
              .append(node.path("failureSummary").asText().replace("\n", " "));
        }
        lines.add(line.toString());
      }
    } catch (IOException e) {
      throw new AssertionError(where + ": axe's answer is not JSON: " + json, e);
    }
    return lines;
  }

  private static String report(List<String> found) {
    return "axe found "
        + found.size()
        + " serious or critical violations:\n"
        + String.join("\n", found);
  }

  /** axe.min.js from the axe-core WebJar on the test class path, whatever its version. */
  private static String axeSource() throws IOException {
    ClassLoader loader = AccessibilityBrowserIT.class.getClassLoader();
    Properties pom = new Properties();
    try (InputStream in =
        loader.getResourceAsStream("META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
      assertThat(in).as("the axe-core WebJar is on the test class path").isNotNull();
      pom.load(in);
    }
    String path =
        "META-INF/resources/webjars/axe-core/" + pom.getProperty("version") + "/axe.min.js";
    try (InputStream in = loader.getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
