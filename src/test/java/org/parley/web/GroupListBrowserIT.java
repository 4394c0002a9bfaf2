package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.parley.app.DemoSeed;

/**
 * The demo's topic list and home page in a real browser, as Ada (who has unread posts): at desktop
 * width a table, at phone width one stacked block per topic, unread in bold, avatars coloured (the
 * site's CSP lets no style attribute through, so this checks the colour classes work).
 */
@Tag("slow") // a browser (chromium)
class GroupListBrowserIT {
  @TempDir Path dir;
  WebSite web;
  ChromeDriver browser;

  @BeforeEach
  void setUp() throws Exception {
    web = new WebSite(dir.resolve("site"));
    List<DemoSeed.Login> logins = DemoSeed.ensure(web.site);
    browser = Chromium.start(dir.resolve("chromium"));
    Chromium.signIn(browser, web.base(), logins.get(0));
  }

  @AfterEach
  void tearDown() {
    if (browser != null) {
      browser.quit();
    }
    web.close();
  }

  private void shoot(String name) throws Exception {
    Path target = Path.of("target", name);
    Files.createDirectories(target.getParent());
    Files.copy(
        browser.getScreenshotAs(OutputType.FILE).toPath(),
        target,
        StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void theTopicListIsATableOnADesktopAndStackedOnAPhone() throws Exception {
    browser.manage().window().setSize(new Dimension(1280, 900));
    browser.get(web.base() + "/g/news/");
    WebElement row = browser.findElement(By.cssSelector("table.topics tbody tr"));
    assertThat(row.getAttribute("class")).isEqualTo("unread");
    WebElement subject = row.findElement(By.cssSelector(".subject"));
    assertThat(Integer.parseInt(subject.getCssValue("font-weight"))).isGreaterThanOrEqualTo(700);
    assertThat(row.findElement(By.cssSelector(".unread-count")).getText()).isEqualTo("2 unread");
    List<WebElement> faces = row.findElements(By.cssSelector(".faces .avatar"));
    assertThat(faces).extracting(WebElement::getText).containsExactly("AL", "GH", "AT");
    for (WebElement face : faces) {
      assertThat(face.getCssValue("background-color")).isNotEqualTo("rgba(0, 0, 0, 0)");
    }
    WebElement topic = row.findElement(By.cssSelector("td.topic"));
    WebElement replies = row.findElement(By.cssSelector("td.replies"));
    assertThat(replies.getLocation().getY()).isEqualTo(topic.getLocation().getY());
    assertThat(browser.findElement(By.cssSelector("table.topics thead")).isDisplayed()).isTrue();
    shoot("screenshot-topics-1280.png");

    browser.manage().window().setSize(new Dimension(390, 844));
    browser.get(web.base() + "/g/news/");
    row = browser.findElement(By.cssSelector("table.topics tbody tr"));
    topic = row.findElement(By.cssSelector("td.topic"));
    replies = row.findElement(By.cssSelector("td.replies"));
    // The counts go under the subject and snippet, with their words, and nothing is cut off.
    assertThat(replies.getLocation().getY())
        .isGreaterThanOrEqualTo(topic.getLocation().getY() + topic.getSize().getHeight());
    assertThat(replies.getText()).isEqualTo("3 replies");
    Object scrollWidth = browser.executeScript("return document.documentElement.scrollWidth;");
    Object clientWidth = browser.executeScript("return document.documentElement.clientWidth;");
    assertThat(((Number) scrollWidth).intValue())
        .isLessThanOrEqualTo(((Number) clientWidth).intValue());
    shoot("screenshot-topics-390.png");
  }

  @Test
  void theHomePageShowsAMembersUnreadTopicsOnAPhoneToo() throws Exception {
    browser.manage().window().setSize(new Dimension(390, 844));
    browser.get(web.base() + "/");
    WebElement row = browser.findElement(By.cssSelector("table.groups tbody tr"));
    assertThat(row.findElement(By.cssSelector(".title")).getText()).isEqualTo("News");
    assertThat(row.findElement(By.cssSelector("td.unread")).getText()).isEqualTo("1 unread topic");
    assertThat(row.findElement(By.cssSelector("td.topics")).getText()).isEqualTo("1 topic");
    shoot("screenshot-groups-390.png");
  }
}
