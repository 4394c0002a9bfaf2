package org.parley.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Function;
import org.parley.app.SettingsException;
import org.parley.group.DigestPeriod;
import org.parley.group.DmarcFailure;
import org.parley.group.FromRewriting;
import org.parley.group.Joining;
import org.parley.group.Moderation;
import org.parley.group.Posting;
import org.parley.group.ReplyTo;
import org.parley.group.Visibility;
import org.parley.member.DeliveryMode;
import org.parley.member.Role;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line (picocli's one home). Exit codes: 0 done, 1 the command failed (one line says
 * why), 2 the command line itself was wrong.
 */
@Command(
    name = "parley",
    mixinStandardHelpOptions = true,
    version = "Parley 0.1",
    description = "Discussion groups that are both a web forum and a mailing list.",
    subcommands = {
      InitCommand.class,
      ServeCommand.class,
      DemoCommand.class,
      GroupCommand.class,
      MemberCommand.class,
      RedriveCommand.class,
      QuarantineCommand.class,
      HeldCommand.class,
      PostCommand.class,
      ReindexCommand.class,
      RepairCommand.class,
      RederiveCommand.class,
      ComplaintsCommand.class,
      DigestCommand.class,
      ExportCommand.class,
      BackupCommand.class,
      RestoreCommand.class,
      ImportCommand.class,
      DkimCommand.class
    })
public final class Cli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a command, such as: parley serve");
  }

  /** Runs the command line and returns the exit code. */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Cli());
    words(cli, Visibility.class, Visibility::of);
    words(cli, Posting.class, Posting::of);
    words(cli, Joining.class, Joining::of);
    words(cli, ReplyTo.class, ReplyTo::of);
    words(cli, Moderation.class, Moderation::of);
    words(cli, Role.class, Role::of);
    words(cli, DeliveryMode.class, DeliveryMode::of);
    words(cli, DigestPeriod.class, DigestPeriod::of);
    words(cli, FromRewriting.When.class, FromRewriting.When::of);
    words(cli, FromRewriting.Style.class, FromRewriting.Style::of);
    words(cli, FromRewriting.AuthorIn.class, FromRewriting.AuthorIn::of);
    words(cli, DmarcFailure.class, DmarcFailure::of);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("parley: " + reason(e));
          return 1;
        });
    return cli.execute(args);
  }

  /**
   * Options of a policy type take the word the store keeps for each value, in any case (as they
   * always did), and refuse any other word with the enum's own message, which names the allowed
   * ones; {@code ${COMPLETION-CANDIDATES}} lists the same words in the help. Picocli's own enum
   * conversion would name the Java constants (MEMBERS) instead.
   */
  private static <E extends Enum<E>> void words(
      CommandLine cli, Class<E> type, Function<String, E> of) {
    cli.registerConverter(
        type,
        value -> {
          try {
            return of.apply(value.toLowerCase(Locale.ROOT));
          } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
          }
        });
  }

  static String reason(Throwable e) {
    if (e instanceof SettingsException
        || e instanceof IllegalArgumentException
        || e instanceof IllegalStateException
        || e instanceof CommandFailed) {
      return e.getMessage();
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return root.getClass().getSimpleName()
        + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
  }
}
