package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.parley.archive.Topic;
import org.parley.group.Group;
import org.parley.group.GroupName;

/**
 * The hostile corpus in a real browser: nothing executes (no alert, no marker set by script, the
 * title untouched) and nothing is fetched from the outside host, even after "Show images".
 */
@Tag("slow") // a browser (chromium)
class HostileHtmlBrowserIT {
  @TempDir Path dir;
  WebSite web;
  HostileCorpus.Trap trap;
  ChromeDriver browser;

  @BeforeEach
  void setUp() throws Exception {
    web = new WebSite(dir.resolve("site"));
    Group news = web.group("news", true);
    web.member(news, "mallory@example.com", "Mallory");
    trap = new HostileCorpus.Trap();
    List<String> corpus = HostileCorpus.html(trap.url());
    for (int i = 0; i < corpus.size(); i++) {
      web.smtp("mallory@example.com", "news@lists.test", HostileCorpus.message(i, corpus.get(i)));
    }
    browser = Chromium.start(dir.resolve("chromium"));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    trap.close();
    web.close();
  }

  @Test
  void nothingRunsAndNothingLoadsFromOutside() throws Exception {
    Group news = web.site.groups().find(new GroupName("news")).orElseThrow();
    for (Topic t : web.site.reader().topics(news.id(), 0, 100)) {
      String url = web.base() + "/g/news/t/" + t.id().value() + "/";
      browser.get(url);
      check(url);
      List<WebElement> show = browser.findElements(By.cssSelector("button.show-images"));
      if (!show.isEmpty()) {
        show.get(0).click();
        check(url + " with images shown");
      }
      for (WebElement d : browser.findElements(By.cssSelector("details summary"))) {
        d.click();
      }
      check(url + " with quotes open");
    }
    // nothing may arrive: an absence can only be watched for a while (1.5 s, as before), and the
    // watch fails at the first request
    Awaitility.await("no request to the outside host")
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(10))
        .failFast("a request reached the outside host", () -> !trap.hits.isEmpty())
        .until(() -> trap.hits.isEmpty());
    assertThat(trap.hits).as("requests to the outside host").isEmpty();
  }

  private void check(String where) {
    try {
      String text = browser.switchTo().alert().getText();
      throw new AssertionError(where + ": an alert opened: " + text);
    } catch (NoAlertPresentException expected) {
      // good
    }
    assertThat(browser.executeScript("return typeof window.pwned;"))
        .as(where)
        .isEqualTo("undefined");
    assertThat(browser.getTitle()).as(where).doesNotContain("pwned");
    assertThat(browser.getCurrentUrl()).as(where).startsWith(web.base());
  }
}
