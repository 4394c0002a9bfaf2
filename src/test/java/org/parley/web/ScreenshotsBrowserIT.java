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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.parley.app.DemoSeed;
import org.parley.archive.Topic;
import org.parley.group.Group;
import org.parley.group.GroupName;

/**
 * The README's screenshots, taken of the demo site as Ada sees it: the home page, the group's topic
 * list, the conversation page, and the conversation at a phone's width. They are written to {@code
 * target/screenshots/}; to refresh the README's copies run {@code ./run-tests
 * -Dit.test=ScreenshotsBrowserIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dparley.screenshots=$PWD/docs}.
 */
@Tag("slow") // a browser (chromium)
class ScreenshotsBrowserIT {
  @TempDir Path dir;
  WebSite web;
  ChromeDriver browser;
  Path out;

  @BeforeEach
  void setUp() throws Exception {
    web = new WebSite(dir.resolve("site"));
    List<DemoSeed.Login> logins = DemoSeed.ensure(web.site);
    browser = Chromium.start(dir.resolve("chromium"));
    String where = System.getProperty("parley.screenshots", "");
    out = where.isBlank() ? Path.of("target", "screenshots") : Path.of(where);
    Files.createDirectories(out);
    Chromium.signIn(browser, web.base(), logins.get(0));
  }

  @AfterEach
  void tearDown() {
    if (browser != null) {
      browser.quit();
    }
    web.close();
  }

  @Test
  void theReadmeScreenshots() throws Exception {
    Group news = web.site.groups().find(new GroupName("news")).orElseThrow();
    Topic t = web.site.reader().topics(news.id(), 0, 1).get(0);
    String topic = web.base() + "/g/news/t/" + t.id().value() + "/";
    shoot(web.base() + "/", 1100, 520, "screenshot-home.png");
    shoot(web.base() + "/g/news/", 1100, 640, "screenshot-topics.png");
    // the topic last: opening it moves Ada's read mark, and the list above shows it unread
    shoot(topic, 1100, 0, "screenshot-topic.png");
    shoot(topic, 390, 0, "screenshot-phone.png");
  }

  /** Loads {@code url} at {@code width}, the whole page (height 0) or the top {@code height} px. */
  private void shoot(String url, int width, int height, String name) throws Exception {
    browser.manage().window().setSize(new Dimension(width, 900));
    browser.get(url);
    int full =
        ((Number) browser.executeScript("return document.documentElement.scrollHeight;"))
            .intValue();
    int h = height > 0 ? height : Math.min(full, 4000);
    browser.manage().window().setSize(new Dimension(width, h));
    // the window's size includes its frame: ask again until the viewport is what was asked for
    int inner = ((Number) browser.executeScript("return window.innerHeight;")).intValue();
    browser.manage().window().setSize(new Dimension(width, h + (h - inner)));
    // a cropped shot shows no scroll bar
    browser.executeScript(
        "window.scrollTo(0, 0); document.documentElement.style.overflow = arguments[0];",
        height > 0 ? "hidden" : "");
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Path target = out.resolve(name);
    Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
    target.toFile().setReadable(true, false);
    assertThat(Files.size(target)).as(name).isGreaterThan(5_000);
  }
}
