package org.parley.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium under Selenium, for *BrowserIT tests. Selenium Manager never runs: the
 * driver is /usr/bin/chromedriver; the test is skipped, with the reason, when either is missing.
 */
final class Chromium {
  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private Chromium() {}

  static ChromeDriver start(Path profile) throws IOException {
    Assumptions.assumeTrue(
        Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER),
        "skipped: needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
    System.setProperty("webdriver.chrome.driver", DRIVER.toString());
    Files.createDirectories(profile);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1100,1900",
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().implicitlyWait(Duration.ZERO);
    return driver;
  }

  /**
   * Signs in on {@code base}'s sign-in page as a demo login and waits until the page header names
   * the person.
   */
  static void signIn(ChromeDriver browser, String base, org.parley.app.DemoSeed.Login login) {
    browser.get(base + "/login");
    browser.findElement(org.openqa.selenium.By.id("email")).sendKeys(login.email());
    browser.findElement(org.openqa.selenium.By.id("password")).sendKeys(login.password());
    browser
        .findElement(
            org.openqa.selenium.By.cssSelector("form[action='/login'] button[type=submit]"))
        .click();
    new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(5))
        .until(
            org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated(
                org.openqa.selenium.By.linkText(login.name())));
  }
}
