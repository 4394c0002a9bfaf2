package org.parley.delivery.decorations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.parley.archive.MessageId;
import org.parley.delivery.Decorator;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.Joining;
import org.parley.group.Posting;
import org.parley.group.Visibility;
import org.parley.mime.Boundaries;

/**
 * Golden pairs for the whole pipeline of decorations: each {@code <case>.in.eml} in {@code
 * src/test/resources/decorations} is decorated for one fixed group and member, and must come out
 * exactly, byte for byte, as {@code <case>.out.eml} beside it. The group, the member's token, what
 * the archive recorded ({@link Origin}, with a fixed date) and the boundaries of a wrapping
 * multipart/mixed are all fixed, so the output is stable.
 *
 * <p>When a change to the copies is intended, regenerate the expected files with
 *
 * <pre>
 * ./mvnw -q verify -Dtest=DecorationsGoldenTest -Dgolden.update=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=None -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 *
 * and read {@code git diff src/test/resources/decorations} line by line before committing: the test
 * only knows what the files say, and the files are what a reviewer checks by eye. A new case is a
 * new {@code .in.eml}; the same command writes its first {@code .out.eml}.
 */
class DecorationsGoldenTest {
  private static final Path DIR = Path.of("src/test/resources/decorations");
  private static final String TOKEN = "0123456789abcdef0123456789abcdef";
  private static final Origin ORIGIN =
      new Origin(
          "ada@example.com",
          "Ada Lovelace",
          Instant.parse("2026-11-29T08:27:12Z"),
          MessageId.of("<generated-1@parley.generated>"));

  /** The group of every case: a prefix, replies to the group, a footer with placeholders. */
  static Group group() {
    return new Group(
        1,
        new GroupName("news"),
        "News & Views",
        "",
        Visibility.PUBLIC,
        Posting.MEMBERS,
        Joining.OPEN,
        "[news]",
        org.parley.group.ReplyTo.GROUP,
        "{title}, the list\nPost to {address}, read at {archive}",
        false,
        1 << 20,
        Instant.EPOCH);
  }

  static Stream<String> cases() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      List<String> names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".in.eml"))
              .map(n -> n.substring(0, n.length() - ".in.eml".length()))
              .sorted()
              .toList();
      return names.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aCopyIsExactlyTheExpectedFile(String name) throws IOException {
    byte[] in = Files.readAllBytes(DIR.resolve(name + ".in.eml"));
    byte[] actual = decorate(in);
    Path expectedFile = DIR.resolve(name + ".out.eml");
    if (Boolean.getBoolean("golden.update")) {
      Files.write(expectedFile, actual);
      return;
    }
    assertThat(expectedFile)
        .as("expected output (write it with -Dgolden.update=true, then read it)")
        .exists();
    byte[] expected = Files.readAllBytes(expectedFile);
    if (!java.util.Arrays.equals(expected, actual)) {
      fail(name + ".out.eml differs from the copy made now:\n" + diff(expected, actual));
    }
  }

  /** The pipeline with a fixed series of boundaries, from 1 again for every message. */
  static byte[] decorate(byte[] raw) throws IOException {
    int[] next = {0};
    Boundaries fixed = () -> "=_golden_" + ++next[0];
    Decorator decorator =
        new Decorator("lists.example.org", () -> "https://lists.example.org/", fixed);
    return decorator.decorate(group(), raw, ORIGIN).copyFor(TOKEN);
  }

  /** The first line that differs, with three lines around it from each side. */
  static String diff(byte[] expected, byte[] actual) {
    String[] e = new String(expected, StandardCharsets.ISO_8859_1).split("\r\n", -1);
    String[] a = new String(actual, StandardCharsets.ISO_8859_1).split("\r\n", -1);
    int at = 0;
    while (at < e.length && at < a.length && e[at].equals(a[at])) {
      at++;
    }
    StringBuilder out = new StringBuilder("first difference at line " + (at + 1) + "\n");
    for (int i = Math.max(0, at - 3); i < at; i++) {
      out.append("  ").append(e[i]).append('\n');
    }
    for (int i = at; i < Math.min(e.length, at + 4); i++) {
      out.append("- ").append(e[i]).append('\n');
    }
    for (int i = at; i < Math.min(a.length, at + 4); i++) {
      out.append("+ ").append(a[i]).append('\n');
    }
    return out.toString();
  }
}
