package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.parley.app.DemoSeed;
import org.parley.archive.Topic;
import org.parley.group.Group;
import org.parley.group.GroupName;

/** The conversation page in a real browser: Reply all, Forward, "N new messages", a screenshot. */
@Tag("slow") // a browser (chromium)
class ConversationBrowserIT {
  @TempDir Path dir;
  WebSite web;
  ChromeDriver browser;
  List<DemoSeed.Login> logins;
  String topicUrl;

  @BeforeEach
  void setUp() throws Exception {
    web = new WebSite(dir.resolve("site"));
    logins = DemoSeed.ensure(web.site);
    browser = Chromium.start(dir.resolve("chromium"));
    Group news = web.site.groups().find(new GroupName("news")).orElseThrow();
    Topic t = web.site.reader().topics(news.id(), 0, 1).get(0);
    topicUrl = web.base() + "/g/news/t/" + t.id().value() + "/";
    signIn(logins.get(0));
  }

  @AfterEach
  void tearDown() {
    if (browser != null) {
      browser.quit();
    }
    web.close();
  }

  private void signIn(DemoSeed.Login login) {
    Chromium.signIn(browser, web.base(), login);
  }

  private WebDriverWait wait(int seconds) {
    return new WebDriverWait(browser, Duration.ofSeconds(seconds));
  }

  @Test
  void theDemoTopicShowsEveryElementAndIsPhotographed() throws Exception {
    browser.get(topicUrl);
    assertThat(browser.getTitle()).startsWith("Eastmere's old lighthouse");
    assertThat(browser.findElement(By.cssSelector(".views")).getText()).endsWith("view");
    assertThat(browser.findElement(By.linkText("Skip to first unread message")).isDisplayed())
        .isTrue();
    assertThat(browser.findElements(By.cssSelector(".post .marker"))).hasSize(2);
    WebElement photo = browser.findElement(By.cssSelector("figure img"));
    Object width = browser.executeScript("return arguments[0].naturalWidth;", photo);
    assertThat(((Number) width).intValue()).as("the inline photo loaded").isEqualTo(640);
    assertThat(browser.findElement(By.cssSelector("figcaption")).getText()).contains("Photo:");
    assertThat(browser.findElement(By.cssSelector(".post .to")).getText()).startsWith("to News");
    // Quoted text is folded until asked.
    WebElement quoted = browser.findElement(By.cssSelector("details.quoted"));
    assertThat(quoted.getAttribute("open")).isNull();
    quoted.findElement(By.tagName("summary")).click();
    assertThat(quoted.getAttribute("open")).isNotNull();
    quoted.findElement(By.tagName("summary")).click();
    browser.executeScript("window.scrollTo(0, 0);");
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Path target = Path.of("target", "screenshot-topic.png");
    Files.createDirectories(target.getParent());
    Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(target)).isGreaterThan(10_000);
    // Desktop and phone widths, the whole page, for a person to look at.
    for (int w : new int[] {1280, 390}) {
      browser.manage().window().setSize(new org.openqa.selenium.Dimension(w, 1000));
      Number height =
          (Number) browser.executeScript("return document.documentElement.scrollHeight;");
      browser.manage().window().setSize(new org.openqa.selenium.Dimension(w, height.intValue()));
      Path wide = Path.of("target", "screenshot-topic-" + w + ".png");
      Files.copy(
          browser.getScreenshotAs(OutputType.FILE).toPath(),
          wide,
          StandardCopyOption.REPLACE_EXISTING);
      assertThat((Number) browser.executeScript("return document.documentElement.scrollWidth;"))
          .as("nothing wider than the window at %d px", w)
          .matches(x -> x.intValue() <= w);
    }
  }

  @Test
  void theForwardedArticleLooksRight() {
    browser.get(topicUrl);
    WebElement article = browser.findElements(By.cssSelector("article.post")).get(0);
    // The table is as wide as its columns, with flat borders, not a full-width 3-D frame.
    WebElement table = article.findElement(By.cssSelector(".body table"));
    WebElement body = article.findElement(By.cssSelector(".body"));
    assertThat(table.getSize().getWidth()).isLessThan(body.getSize().getWidth() / 2);
    assertThat(table.getCssValue("border-top-style")).isIn("none", "hidden");
    assertThat(table.findElement(By.tagName("td")).getCssValue("border-top-style"))
        .isEqualTo("solid");
    // The blocked remote image is a box holding its alt text, not a broken image.
    WebElement placeholder = article.findElement(By.cssSelector(".image-placeholder"));
    assertThat(placeholder.isDisplayed()).isTrue();
    assertThat(placeholder.getText()).isEqualTo("Tide chart for Gull Head");
    assertThat(placeholder.getCssValue("border-top-style")).isEqualTo("dashed");
    assertThat(article.findElements(By.cssSelector(".body img:not([src])"))).isEmpty();
    // The photo is in the article, not listed again below it.
    assertThat(article.findElements(By.cssSelector("figure img"))).hasSize(1);
    assertThat(article.findElements(By.cssSelector(".attachments"))).isEmpty();
    // The article's headline is no heading of the page: the topic's subject is the only h1.
    assertThat(browser.findElements(By.tagName("h1"))).hasSize(1);
    assertThat(article.findElement(By.cssSelector(".mail-h1")).getCssValue("font-weight"))
        .isEqualTo("700");
  }

  @Test
  void postActionsAreButtonsNamedForTheirPost() {
    browser.get(topicUrl);
    WebElement first = browser.findElements(By.cssSelector("article.post")).get(0);
    WebElement replyAuthor = first.findElement(By.cssSelector("a.reply-author"));
    assertThat(replyAuthor.getAccessibleName()).isEqualTo("Reply to author, Ada Lovelace");
    assertThat(first.findElement(By.cssSelector("a.reply-all")).getAccessibleName())
        .isEqualTo("Reply all to Ada Lovelace");
    assertThat(first.findElement(By.cssSelector("a.forward")).getAccessibleName())
        .isEqualTo("Forward Ada Lovelace’s message");
    // Drawn as buttons: a border and padding, not a bare link.
    assertThat(replyAuthor.getCssValue("border-top-style")).isEqualTo("solid");
    assertThat(replyAuthor.getCssValue("text-decoration-line")).isEqualTo("none");
    WebElement avatar = first.findElement(By.cssSelector(".avatar"));
    assertThat(avatar.getText()).isEqualTo("AL");
    assertThat(avatar.getAttribute("aria-hidden")).isEqualTo("true");
    assertThat(avatar.getCssValue("background-color")).isNotIn("rgba(0, 0, 0, 0)", "transparent");
  }

  @Test
  void rPutsTheCursorInTheReplyBoxForThePostChosen() {
    browser.get(topicUrl);
    String url = browser.getCurrentUrl();
    WebElement body = browser.findElement(By.tagName("body"));
    body.sendKeys("j");
    WebElement chosen = browser.switchTo().activeElement();
    chosen.sendKeys("r");
    WebElement box = browser.switchTo().activeElement();
    assertThat(box.getAttribute("id")).isEqualTo("reply-body");
    assertThat(box.getAttribute("value")).as("the r is not typed into the box").isEmpty();
    assertThat(browser.getCurrentUrl()).isEqualTo(url);
    assertThat(
            browser.findElement(By.cssSelector("#reply input[name=parent]")).getAttribute("value"))
        .isEqualTo(chosen.getAttribute("id").substring(1));
    assertThat(browser.findElement(By.id("reply-to-name")).getText()).isEqualTo("Ada Lovelace");
  }

  @Test
  void replyAllPostsInTheTopic() {
    browser.get(topicUrl);
    List<WebElement> replies = browser.findElements(By.cssSelector("a.reply-all"));
    replies.get(0).click();
    wait(5).until(ExpectedConditions.urlContains("#reply"));
    WebElement box = browser.findElement(By.id("reply-body"));
    box.sendKeys("Posted from a *real* browser.");
    browser.findElement(By.cssSelector("#reply button[value=post]")).click();
    wait(10)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(".posts"), "Posted from a real browser."));
    assertThat(browser.getCurrentUrl()).matches(".*/t/\\d+/#p\\d+");
    assertThat(browser.findElements(By.cssSelector(".posts em"))).isNotEmpty();
  }

  @Test
  void forwardSendsAndSaysSo() {
    browser.get(topicUrl);
    browser.findElements(By.cssSelector("a.forward")).get(0).click();
    browser.findElement(By.id("to")).sendKeys("friend@elsewhere.example");
    browser.findElement(By.id("body")).sendKeys("You will like this.");
    browser.findElement(By.cssSelector("form.stacked button[type=submit]")).click();
    wait(10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.notice")));
    assertThat(browser.findElement(By.cssSelector("p.notice")).getText()).contains("forwarded");
    web.awaitMailSent();
    String raw =
        new String(
            web.site
                .db()
                .jdbi()
                .withHandle(
                    h ->
                        h.createQuery(
                                "SELECT raw FROM captured_mail WHERE rcpt_to = 'friend@elsewhere.example' ORDER BY id DESC LIMIT 1")
                            .mapTo(byte[].class)
                            .one()),
            StandardCharsets.UTF_8);
    assertThat(raw).contains("To: friend@elsewhere.example");
  }

  @Test
  void newMessagesAppearLiveAndTheLinkShowsThem() {
    browser.get(topicUrl);
    assertThat(browser.findElement(By.id("new-messages")).getText()).contains("No new messages");
    web.mail(
        "news",
        WebSite.message(
            "news",
            "Alan Turing <alan@example.com>",
            "live@example.com",
            "Re: Eastmere's old lighthouse shines again, on tide power",
            "mail-reply-3@example.com",
            "Arrived while you were reading."));
    WebElement link =
        wait(20).until(ExpectedConditions.elementToBeClickable(By.cssSelector("#new-messages a")));
    assertThat(link.getText()).isEqualTo("1 new message");
    link.click();
    wait(10)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(".post.new"), "Arrived while you were reading."));
  }

  @Test
  void keyboardShortcutsMoveBetweenPostsAndOpenTheList() {
    browser.get(topicUrl);
    WebElement body = browser.findElement(By.tagName("body"));
    body.sendKeys("j");
    assertThat(browser.switchTo().activeElement().getAttribute("class")).contains("post");
    String first = browser.switchTo().activeElement().getAttribute("id");
    browser.switchTo().activeElement().sendKeys("j");
    assertThat(browser.switchTo().activeElement().getAttribute("id")).isNotEqualTo(first);
    browser.switchTo().activeElement().sendKeys("?");
    assertThat(browser.findElement(By.id("shortcuts")).getAttribute("open")).isNotNull();
    browser.switchTo().activeElement().sendKeys("u");
    wait(5).until(ExpectedConditions.urlToBe(web.base() + "/g/news/"));
  }

  @Test
  void noAlertsEver() {
    browser.get(topicUrl);
    try {
      browser.switchTo().alert();
      throw new AssertionError("an alert opened");
    } catch (NoAlertPresentException expected) {
      // good
    }
  }
}
