package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.parley.account.Account;

/**
 * Issue 15, as the README tells a demo user to sign up: sign up with any address, sign in as the
 * site admin, open Mail, open the sign-up mail, click its link and finish; and a page that needs a
 * session, opened signed out, comes back after signing in.
 */
@Tag("slow") // a browser (chromium)
class SignUpBrowserIT {
  @TempDir Path dir;
  WebSite web;
  ChromeDriver browser;

  @BeforeEach
  void setUp() throws Exception {
    web = new WebSite(dir.resolve("site"));
    web.group("news", true);
    Account root = web.account("root@example.com", "Root Admin", ZoneId.of("UTC"));
    web.site.accounts().setSiteAdmin(root.id(), true);
    browser = Chromium.start(dir.resolve("chromium"));
  }

  @AfterEach
  void tearDown() {
    if (browser != null) {
      browser.quit();
    }
    web.close();
  }

  private WebDriverWait await() {
    return new WebDriverWait(browser, Duration.ofSeconds(10));
  }

  @Test
  void aNewcomerSignsUpThroughTheCapturedMailAsTheReadmeSays() {
    browser.get(web.base() + "/signup");
    browser.findElement(By.id("email")).sendKeys("newcomer@example.org");
    browser.findElement(By.cssSelector("form[action='/signup'] button[type=submit]")).click();
    await().until(ExpectedConditions.titleContains("Check your mail"));
    web.awaitMailSent();

    // "Mail" needs a session: signed out, it leads to the sign-in page and back.
    browser.get(web.base() + "/admin/mail");
    await().until(ExpectedConditions.urlContains("/login?next=%2Fadmin%2Fmail"));
    browser.findElement(By.id("email")).sendKeys("root@example.com");
    browser.findElement(By.id("password")).sendKeys(WebSite.PASSWORD);
    browser.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
    await().until(ExpectedConditions.titleContains("Captured mail"));
    assertThat(browser.getCurrentUrl()).isEqualTo(web.base() + "/admin/mail");

    WebElement row = browser.findElement(By.cssSelector("table.captured tbody tr"));
    assertThat(row.findElement(By.className("to")).getText()).isEqualTo("newcomer@example.org");
    row.findElement(By.linkText("Finish signing up at lists.test")).click();
    await().until(ExpectedConditions.titleContains("Finish signing up"));
    assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain("=3D");

    WebElement link = browser.findElement(By.partialLinkText("/signup/finish?token="));
    link.click();
    await().until(ExpectedConditions.titleContains("Choose a password"));
    assertThat(browser.findElement(By.tagName("main")).getText())
        .contains("For newcomer@example.org.");
    browser.findElement(By.id("name")).sendKeys("Newcomer");
    browser.findElement(By.id("password")).sendKeys(WebSite.PASSWORD);
    browser
        .findElement(By.cssSelector("form[action='/signup/finish'] button[type=submit]"))
        .click();
    await().until(ExpectedConditions.presenceOfElementLocated(By.linkText("Newcomer")));
  }
}
