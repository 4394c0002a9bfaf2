package org.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.parley.account.Account;
import org.parley.group.Group;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;

/**
 * The import pages in a real browser (issue 20, item 1): an owner chooses a file on the group's
 * import page and lands on the import's page, whose progress bar and counts follow the import in
 * place, without a reload, until its summary.
 */
@Tag("slow") // a browser (chromium)
class ImportBrowserIT {
  @TempDir Path dir;
  WebSite web;
  ChromeDriver browser;
  Group group;

  @BeforeEach
  void setUp() throws Exception {
    web = new WebSite(dir.resolve("site"));
    group = web.group("history", true);
    Account olga = web.account("olga@example.com", "Olga Owner", ZoneId.of("UTC"));
    web.site.members().add(group.id(), olga.id(), Role.OWNER, DeliveryMode.EACH);
    browser = Chromium.start(dir.resolve("chromium"));
    browser.get(web.base() + "/login");
    browser.findElement(By.id("email")).sendKeys("olga@example.com");
    browser.findElement(By.id("password")).sendKeys(WebSite.PASSWORD);
    browser.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
    wait(5).until(ExpectedConditions.presenceOfElementLocated(By.linkText("Olga Owner")));
  }

  @AfterEach
  void tearDown() {
    if (browser != null) {
      browser.quit();
    }
    web.close();
  }

  private WebDriverWait wait(int seconds) {
    return new WebDriverWait(browser, Duration.ofSeconds(seconds));
  }

  @Test
  void theFormUploadsAFileAndLandsOnItsImportUntilTheSummary() throws Exception {
    Path file = dir.resolve("an-old-list-with-a-long-name-kept-for-twenty-years.mbox");
    Files.writeString(
        file,
        "From ann@example.org Mon Jan  5 10:00:00 2015\n"
            + "From: Ann <ann@example.org>\n"
            + "Subject: Chosen in the browser\n"
            + "Date: Mon, 5 Jan 2015 10:00:00 +0000\n"
            + "Message-ID: <browser-1@example.org>\n"
            + "\n"
            + "Uploaded by a form.\n",
        StandardCharsets.UTF_8);
    browser.get(web.base() + "/g/history/settings");
    browser.findElement(By.linkText("Import an archive")).click();
    browser.findElement(By.id("files")).sendKeys(file.toString());
    browser.findElement(By.cssSelector("form[enctype='multipart/form-data'] button")).click();
    wait(30)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("import-status"), "The import is done"));
    assertThat(browser.getCurrentUrl()).matches(".*/g/history/import/\\d+");
    assertThat(browser.findElement(By.id("sum-imported")).getText()).isEqualTo("1");
    browser.get(web.base() + "/g/history/");
    assertThat(browser.getPageSource()).contains("Chosen in the browser");
  }

  @Test
  void theProgressBarFollowsTheImportWithoutAReload() {
    // an import as its job leaves it while it runs: the row alone, moved on by hand below
    long id =
        web.site
            .db()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "INSERT INTO imports (group_id, folder, file_names, total_bytes,"
                                + " state, bytes_read, messages_done, created_at) VALUES"
                                + " (:g, 'none', 'big.mbox.gz', 1000, 'running', 100, 3, 0)"
                                + " RETURNING id")
                        .bind("g", group.id())
                        .mapTo(Long.class)
                        .one());
    browser.get(web.base() + "/g/history/import/" + id);
    assertThat(browser.findElement(By.id("import-progress")).getDomAttribute("value"))
        .isEqualTo("100");
    // a mark on this page: a reload would lose it
    browser.executeScript("window.parleyMark = 'still here';");
    update("UPDATE imports SET bytes_read = 600, messages_done = 42 WHERE id = " + id);
    wait(10)
        .until(
            d ->
                "600"
                    .equals(
                        d.findElement(By.id("import-progress"))
                            .getDomProperty("value")
                            .replace(".0", "")));
    assertThat(browser.findElement(By.id("import-posts")).getText()).isEqualTo("42 posts done");
    update(
        "UPDATE imports SET state = 'done', bytes_read = 1000, messages_done = 50,"
            + " imported = 47, duplicates = 3, finished_at = 0 WHERE id = "
            + id);
    wait(10)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("import-status"), "The import is done"));
    assertThat(browser.findElement(By.id("sum-imported")).getText()).isEqualTo("47");
    assertThat(browser.findElement(By.id("sum-duplicates")).getText()).isEqualTo("3");
    assertThat(browser.executeScript("return window.parleyMark;")).isEqualTo("still here");
    // done: the page asks no more
    assertThat(browser.findElement(By.id("import-status")).getDomAttribute("hx-trigger")).isNull();
  }

  private void update(String sql) {
    web.site.db().jdbi().useHandle(h -> h.execute(sql));
  }
}
