package org.parley.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.parley.account.Account;
import org.parley.account.EmailAddress;
import org.parley.crypto.Tokens;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.Visibility;
import org.parley.mailauth.DkimAlgorithm;
import org.parley.mailauth.DkimKeys;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;

/**
 * The demo site: a group "news" with three members who can log in, and one conversation in it (see
 * {@link DemoTopic}). Seeding happens once per data directory; the demo passwords are made at
 * random then and kept in {@code demo-logins.txt} (readable by its owner only) so every start can
 * print them.
 */
public final class DemoSeed {
  /** A demo account and its password. */
  public record Login(String email, String password, String name) {}

  public static final GroupName GROUP = new GroupName("news");
  private static final String LOGINS = "demo-logins.txt";

  /** A demo person: their address, name and role (an owner is a site admin too). */
  private record Person(String email, String name, Role role) {}

  private static final List<Person> PEOPLE =
      List.of(
          new Person("ada@example.com", "Ada Lovelace", Role.OWNER),
          new Person("grace@example.com", "Grace Hopper", Role.MEMBER),
          new Person("alan@example.com", "Alan Turing", Role.MEMBER));

  private DemoSeed() {}

  /**
   * Gives the demo's domain an RSA and an Ed25519 DKIM key when it has none, so the mail the demo
   * captures shows the signatures a real site's mail carries (no DNS publishes their records).
   */
  public static void ensureDkimKeys(Site site) {
    String domain = site.settings().domain();
    if (site.dkimKeys().list(domain).isEmpty()) {
      DkimKeys keys = site.dkimKeys();
      keys.generate(
          domain,
          keys.defaultSelector(DkimAlgorithm.RSA_SHA256),
          DkimAlgorithm.RSA_SHA256,
          2048,
          true);
      keys.generate(
          domain,
          keys.defaultSelector(DkimAlgorithm.ED25519_SHA256),
          DkimAlgorithm.ED25519_SHA256,
          0,
          true);
    }
  }

  /** Seeds the demo if it is not there yet; returns the logins either way. */
  public static List<Login> ensure(Site site) {
    Path file = site.dataDir().resolve(LOGINS);
    if (site.groups().find(GROUP).isPresent() && Files.exists(file)) {
      List<Login> logins = read(file);
      DemoTopic.ensure(site, GROUP, logins);
      return logins;
    }
    Group group =
        site.groups()
            .find(GROUP)
            .orElseGet(
                () ->
                    site.groups()
                        .create( // public explicitly: the demo shows a public archive
                            GROUP,
                            "News",
                            "Articles worth reading, and what we make of them.",
                            Visibility.PUBLIC));
    Map<String, String> passwords = new LinkedHashMap<>();
    List<Login> logins = new ArrayList<>();
    for (Person p : PEOPLE) {
      String password = "demo-" + Tokens.urlSafe(9);
      EmailAddress email = EmailAddress.of(p.email());
      Account a = site.accounts().ensure(email, p.name());
      site.accounts().setPassword(a.id(), site.passwords().hash(password));
      if (p.role() == Role.OWNER) {
        site.accounts().setSiteAdmin(a.id(), true);
      }
      if (site.members().find(group.id(), a.id()).isEmpty()) {
        site.members().add(group.id(), a.id(), p.role(), DeliveryMode.EACH);
      }
      passwords.put(p.email(), password);
      logins.add(new Login(p.email(), password, p.name()));
    }
    write(file, logins);
    DemoTopic.ensure(site, GROUP, logins);
    return logins;
  }

  private static void write(Path file, List<Login> logins) {
    StringBuilder sb =
        new StringBuilder("# Demo accounts of this data directory: email password name\n");
    for (Login l : logins) {
      sb.append(l.email())
          .append(' ')
          .append(l.password())
          .append(' ')
          .append(l.name())
          .append('\n');
    }
    try {
      Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system: the file keeps the default permissions
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static List<Login> read(Path file) {
    try {
      List<Login> out = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(" ", 3);
        out.add(new Login(f[0], f[1], f.length > 2 ? f[2] : ""));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
