package org.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.parley.archive.MessageId;
import org.parley.delivery.decorations.Origin;
import org.parley.group.Group;
import org.parley.mime.Limits;
import org.parley.mime.MalformedMessageException;
import org.parley.mime.MessageParser;
import org.parley.testkit.Corpora;
import org.parley.testkit.TestSites;

/**
 * Corpus mail bent out of shape: bytes changed, cut short, repeated or removed, and the tokens
 * broken mailers get wrong (a boundary, an encoded word, a soft line break, a bare CR or LF, a NUL)
 * dropped in. Whatever comes of it, the parse either reads it or refuses it ({@link
 * MalformedMessageException}, a 554 with its reason), and a message it reads can always be
 * decorated for the members. Anything else thrown would be a message held in quarantine, or a relay
 * job that fails until it is parked, with nobody getting the post.
 *
 * <p>Each case is made from its own seed, so a failure names the one case to run again. {@code
 * -Dparley.mutations=N} (default 3,000) and {@code -Dparley.mutationSeed=S} run more, or others.
 */
@Tag("slow") // a corpus
class MutatedMailTest {
  private static final String[] TOKENS = {
    "\r\n",
    "\n",
    "\r",
    "\r\n\r\n",
    "\0",
    "=?utf-8?B?",
    "=?iso-8859-1?Q?=",
    "?=",
    "--",
    "=\r\n",
    "=ZZ",
    "\"",
    "\\",
    "<",
    ">",
    ":",
    ";",
    "boundary=\"\"",
    "; charset=x-unknown",
    "Content-Transfer-Encoding: base64\r\n",
    "Content-Type: multipart/mixed; boundary=a\r\n",
    "Content-Type: message/rfc822\r\n\r\n",
    "\u00ff\u00fe"
  };

  private final Group group = DecoratorCorpusTest.GROUP;

  @Test
  void bentMailIsReadOrRefusedAndWhatIsReadCanBeSentToTheMembers() throws Exception {
    Path root = TestSites.corpora();
    assumeTrue(root != null, "corpora not found (set -Dparley.corpora); skipping");
    List<Corpora.Sample> samples = Corpora.all(root);
    int count = Integer.getInteger("parley.mutations", 3_000);
    long seed = Long.getLong("parley.mutationSeed", 20261129L);
    MessageParser parser = new MessageParser(Limits.defaults());
    Decorator decorator = new Decorator("lists.test", "https://lists.test");
    Origin origin =
        new Origin("ada@example.com", "Ada", Instant.EPOCH, MessageId.of("x@lists.test"));
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < count && failures.size() < 10; i++) {
      Random rnd = new Random(seed * 1_000_003L + i);
      Corpora.Sample s = samples.get(rnd.nextInt(samples.size()));
      byte[] raw = mutate(Corpora.crlf(s.raw()), rnd);
      String stage = "parse";
      try {
        parser.parse(raw);
        stage = "decorate";
        decorator.decorate(group, raw, origin).copyFor("token");
      } catch (MalformedMessageException refused) {
        // read and refused with a reason: what the door answers 554
      } catch (Exception | StackOverflowError e) {
        failures.add(
            "case "
                + i
                + " (seed "
                + seed
                + ", "
                + s.where()
                + "): "
                + stage
                + " threw "
                + e
                + " at "
                + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?"));
      }
    }
    assertThat(failures).as("cases that threw").isEmpty();
  }

  /** One to four changes, each chosen by {@code rnd}. */
  static byte[] mutate(byte[] raw, Random rnd) {
    byte[] b = raw;
    int changes = 1 + rnd.nextInt(4);
    for (int c = 0; c < changes && b.length > 0; c++) {
      int at = rnd.nextInt(b.length);
      int len = Math.min(b.length - at, rnd.nextInt(200));
      b =
          switch (rnd.nextInt(6)) {
            case 0 -> set(b, at, (byte) rnd.nextInt(256));
            case 1 -> set(b, at, (byte) (b[at] ^ (1 << rnd.nextInt(8))));
            case 2 -> Arrays.copyOf(b, at);
            case 3 -> insert(b, rnd.nextInt(b.length), Arrays.copyOfRange(b, at, at + len));
            case 4 -> remove(b, at, len);
            default ->
                insert(
                    b,
                    at,
                    TOKENS[rnd.nextInt(TOKENS.length)].getBytes(StandardCharsets.ISO_8859_1));
          };
    }
    return b;
  }

  private static byte[] set(byte[] b, int at, byte value) {
    byte[] c = b.clone();
    c[at] = value;
    return c;
  }

  private static byte[] insert(byte[] b, int at, byte[] what) {
    byte[] c = new byte[b.length + what.length];
    System.arraycopy(b, 0, c, 0, at);
    System.arraycopy(what, 0, c, at, what.length);
    System.arraycopy(b, at, c, at + what.length, b.length - at);
    return c;
  }

  private static byte[] remove(byte[] b, int at, int len) {
    byte[] c = new byte[b.length - len];
    System.arraycopy(b, 0, c, 0, at);
    System.arraycopy(b, at + len, c, at, b.length - at - len);
    return c;
  }
}
