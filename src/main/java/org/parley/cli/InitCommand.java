package org.parley.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.parley.account.Account;
import org.parley.account.EmailAddress;
import org.parley.app.Settings;
import org.parley.app.Site;
import org.parley.crypto.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parley init}: a new site: its data directory, parley.conf, and the first site admin. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = "Create a site: the data directory, parley.conf and the first site admin.")
final class InitCommand implements Callable<Integer> {
  @Mixin DataOption data;

  @Option(
      names = "--domain",
      required = true,
      description = "The site's mail domain: groups are NAME@DOMAIN.")
  String domain;

  @Option(
      names = "--admin-email",
      required = true,
      description = "Address of the first site admin.")
  String adminEmail;

  @Option(names = "--admin-name", description = "Display name of the first site admin.")
  String adminName = "";

  @Option(
      names = "--admin-password",
      description =
          "Password of the first site admin (default: $PARLEY_ADMIN_PASSWORD, else one is made and printed).")
  String adminPassword;

  @Override
  public Integer call() {
    Path dir = data.dir();
    Path conf = dir.resolve(Settings.CONF_FILE);
    if (Files.exists(conf)) {
      throw new CommandFailed(
          "a site already exists at " + dir.toAbsolutePath() + " (" + conf + " is there)");
    }
    EmailAddress admin = EmailAddress.of(adminEmail);
    String cleanDomain = domain.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      Files.createDirectories(dir);
      Files.writeString(
          conf,
          "# Parley settings; environment variables PARLEY_<KEY> override these.\n"
              + "domain = "
              + cleanDomain
              + "\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + conf, e);
    }
    Settings settings;
    try {
      settings = Settings.load(dir);
    } catch (RuntimeException e) {
      deleteQuietly(conf);
      throw e;
    }
    String password =
        adminPassword != null ? adminPassword : System.getenv("PARLEY_ADMIN_PASSWORD");
    boolean generated = password == null || password.isEmpty();
    if (generated) {
      password = Tokens.urlSafe(12);
    } else if (password.length() < 10) {
      deleteQuietly(conf);
      throw new CommandFailed("the admin password must be at least 10 characters long");
    }
    try (Site site = Site.open(settings)) {
      Account a = site.accounts().create(admin, adminName, site.passwords().hash(password), true);
      System.out.println("site: " + settings.dataDir() + " for domain " + settings.domain());
      System.out.println("admin: " + a.email() + (generated ? " " + password : ""));
    }
    return 0;
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // the error being reported matters more
    }
  }
}
