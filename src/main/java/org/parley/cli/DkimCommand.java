package org.parley.cli;

import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.parley.app.Settings;
import org.parley.mailauth.DkimAlgorithm;
import org.parley.mailauth.DkimKey;
import org.parley.mailauth.DkimKeys;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parley dkim keygen|list|activate|retire}: the keys that sign the mail the site sends
 * ({@link DkimKeys}), and the DNS records to publish for them. A running site notices a change
 * within a minute; none needs a restart.
 */
@Command(
    name = "dkim",
    mixinStandardHelpOptions = true,
    description = "Make, list, activate and retire the DKIM keys that sign the site's mail.",
    subcommands = {
      DkimCommand.Keygen.class,
      DkimCommand.ListKeys.class,
      DkimCommand.Activate.class,
      DkimCommand.Retire.class
    })
final class DkimCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a subcommand: keygen, list, activate or retire");
  }

  /** The settings of the site at {@code data}, which must exist. */
  static Settings existing(DataOption data) {
    if (!Files.isDirectory(data.dir())) {
      throw new CommandFailed(
          "no Parley site at "
              + data.dir().toAbsolutePath()
              + " (create one with: parley init --domain example.org --admin-email you@example.org)");
    }
    return data.settings();
  }

  static DkimKeys keys(Settings settings) {
    return new DkimKeys(settings.dataDir().resolve("dkim"), Clock.systemUTC());
  }

  @Command(
      name = "keygen",
      mixinStandardHelpOptions = true,
      description =
          "Make a DKIM key and print the DNS TXT record to publish for it. The first key of an"
              + " algorithm signs at once; a later one waits until activated.")
  static final class Keygen implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin DataOption data;

    @Option(names = "--domain", description = "The signing domain (default: the site's domain).")
    String domain;

    @Option(
        names = "--selector",
        description = "The key's name (default: parley-YYYY-MM, with -ed for ed25519).")
    String selector;

    @Option(
        names = "--algorithm",
        paramLabel = "rsa|ed25519",
        description = "rsa (default; every verifier knows it) or ed25519 (RFC 8463).")
    String algorithm = "rsa";

    @Option(names = "--bits", description = "The RSA key's size (default: 2048).")
    int bits = 2048;

    @Option(
        names = "--activate",
        description = "Sign with the new key at once, even when another key is active.")
    boolean activate;

    @Override
    public Integer call() {
      DkimAlgorithm a;
      try {
        a = DkimAlgorithm.ofKeyType(algorithm);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      Settings settings = existing(data);
      DkimKeys keys = keys(settings);
      String d = domain == null ? settings.domain() : domain;
      String s = selector == null ? keys.defaultSelector(a) : selector;
      DkimKeys.Entry made = keys.generate(d, s, a, bits, activate);
      DkimKey key = made.key();
      System.out.println(key.zoneLine());
      String signs =
          key.domain().equals(settings.domain().toLowerCase(java.util.Locale.ROOT))
              ? "the site signs with this key from now on"
              : "the site signs only with keys of its own domain, " + settings.domain();
      System.out.println(
          made.active()
              ? "next: publish this record in the DNS of "
                  + key.domain()
                  + " (check with: dig +short TXT "
                  + key.recordName()
                  + "); "
                  + signs
              : "next: publish this record in the DNS of "
                  + key.domain()
                  + "; once dig +short TXT "
                  + key.recordName()
                  + " shows it, run: parley dkim activate "
                  + key.selector());
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the DKIM keys: domain, selector, algorithm, active or standby, record.")
  static final class ListKeys implements Callable<Integer> {
    @Mixin DataOption data;

    @Override
    public Integer call() {
      List<DkimKeys.Entry> entries = keys(existing(data)).list();
      if (entries.isEmpty()) {
        System.out.println("no DKIM keys (make one with: parley dkim keygen)");
      }
      for (DkimKeys.Entry e : entries) {
        DkimKey k = e.key();
        System.out.println(
            String.join(
                "  ",
                k.domain(),
                k.selector(),
                k.algorithm().keyType(),
                e.active() ? "active" : "standby",
                k.record()));
      }
      return 0;
    }
  }

  @Command(
      name = "activate",
      mixinStandardHelpOptions = true,
      description =
          "Sign with this key from now on, in place of the active key of its algorithm (which is"
              + " kept until retired). Publish its DNS record first.")
  static final class Activate implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(paramLabel = "SELECTOR")
    String selector;

    @Option(names = "--domain", description = "The signing domain (default: the site's domain).")
    String domain;

    @Override
    public Integer call() {
      Settings settings = existing(data);
      String d = domain == null ? settings.domain() : domain;
      Optional<String> before = keys(settings).activate(d, selector);
      System.out.println(
          selector
              + " signs the mail of "
              + d
              + " now (a running site takes it within a minute)"
              + before
                  .map(
                      b ->
                          "; "
                              + b
                              + " is standby: retire it once no mail signed with it is on the way")
                  .orElse(""));
      return 0;
    }
  }

  @Command(
      name = "retire",
      mixinStandardHelpOptions = true,
      description = "Delete a standby key; its DNS record can go then.")
  static final class Retire implements Callable<Integer> {
    @Mixin DataOption data;

    @Parameters(paramLabel = "SELECTOR")
    String selector;

    @Option(names = "--domain", description = "The signing domain (default: the site's domain).")
    String domain;

    @Override
    public Integer call() {
      Settings settings = existing(data);
      String d = domain == null ? settings.domain() : domain;
      keys(settings).retire(d, selector);
      System.out.println(
          "retired "
              + selector
              + " of "
              + d
              + ": its record "
              + selector
              + "._domainkey."
              + d
              + " can be removed from DNS");
      return 0;
    }
  }
}
