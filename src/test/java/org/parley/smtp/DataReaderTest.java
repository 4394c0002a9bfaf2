package org.parley.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.parley.testkit.WireClient;

/**
 * The DATA body reader: where the message ends (only at CRLF.CRLF), how dot-stuffing is undone (RFC
 * 5321 §4.5.2), the size limit, and that not one byte after the terminator is taken from the
 * stream, however the bytes arrive.
 */
class DataReaderTest {
  static final long NO_LIMIT = Long.MAX_VALUE;
  static final String NEXT = "QUIT\r\n";

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /**
   * Hands out its bytes in pieces: each read ends at the next cut, and nothing more is "available",
   * as a socket does when a packet ends there.
   */
  static final class Pieces extends InputStream {
    private final byte[] data;
    private final int[] cuts;
    private int pos;
    private int next;

    Pieces(byte[] data, int... cuts) {
      this.data = data;
      this.cuts = cuts;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= data.length) {
        return -1;
      }
      while (next < cuts.length && cuts[next] <= pos) {
        next++;
      }
      int end = next < cuts.length ? Math.min(cuts[next], data.length) : data.length;
      int n = Math.min(len, end - pos);
      System.arraycopy(data, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public int available() {
      return 0;
    }
  }

  /** A stream without mark/reset: the reader must fall back to single bytes. */
  static InputStream unmarkable(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public boolean markSupported() {
        return false;
      }
    };
  }

  /** The session's stream: 8 KiB buffered over the socket. */
  static BufferedInputStream session(InputStream socket) {
    return new BufferedInputStream(socket, 8192);
  }

  static DataReader.Result read(InputStream in) throws IOException {
    return DataReader.read(in, NO_LIMIT, new BodyBudget(Long.MAX_VALUE));
  }

  static String body(DataReader.Result r) {
    assertThat(r).isInstanceOf(DataReader.Result.Body.class);
    return text(((DataReader.Result.Body) r).bytes());
  }

  /** Reads wire + NEXT and checks the body and that NEXT, whole, is what is left. */
  static void assertReads(String wire, String expected) throws IOException {
    InputStream in = session(new ByteArrayInputStream(bytes(wire + NEXT)));
    assertThat(body(read(in))).isEqualTo(expected);
    assertThat(text(in.readAllBytes())).isEqualTo(NEXT);
  }

  @Test
  void theTerminatorEndsTheBodyAndItsCrlfBelongsToTheLastLine() throws IOException {
    assertReads("Subject: x\r\n\r\nhello\r\n.\r\n", "Subject: x\r\n\r\nhello\r\n");
  }

  @Test
  void anEmptyBodyIsJustTheDotLine() throws IOException {
    assertReads(".\r\n", "");
  }

  @Test
  void aStuffedDotIsRemovedAtEveryLineStartTheFirstIncluded() throws IOException {
    assertReads("..first\r\nmid..dle\r\n..\r\n...\r\n.\r\n", ".first\r\nmid..dle\r\n.\r\n..\r\n");
  }

  @Test
  void aLoneDotLineInsideTheMessageArrivesStuffedAndStaysALoneDot() throws IOException {
    byte[] message = bytes("a\r\n.\r\nb\r\n");
    assertReads(text(WireClient.dotStuffed(message)), "a\r\n.\r\nb\r\n");
  }

  @Test
  void anUnstuffedLeadingDotIsDroppedAsRfc5321Says() throws IOException {
    assertReads(".hidden\r\n.\r\r\n.\r\n", "hidden\r\n\r\r\n");
  }

  @Test
  void aBareCrOrLfIsContentAndNeverEndsTheMessage() throws IOException {
    assertReads("a\n.\nb\r.\rc\n.\r\nd\r\n.\r\n", "a\n.\nb\r.\rc\n.\r\nd\r\n");
    assertReads("x\r\r\n.\r\n", "x\r\r\n");
    assertReads("\r\n.\r\n", "\r\n");
    assertReads("\n\r\n.\r\n", "\n\r\n");
  }

  @Test
  void aDotAfterTextWithoutALineBreakIsNotTheEnd() throws IOException {
    // a body ending "text." without CRLF does not end there; the next CRLF.CRLF does
    assertReads("text.\r\n.\r\n", "text.\r\n");
    assertReads("text\r\n.x\r\n.\r\n", "text\r\nx\r\n");
    InputStream in = session(new ByteArrayInputStream(bytes("text.\r\n")));
    assertThatThrownBy(() -> read(in)).isInstanceOf(EOFException.class);
  }

  @Test
  void bytesAfterTheTerminatorStayInTheStream() throws IOException {
    String pipelined = "MAIL FROM:<a@example.com>\r\nRCPT TO:<news@lists.test>\r\nDATA\r\n";
    InputStream in =
        session(new ByteArrayInputStream(bytes("one\r\n.\r\n" + pipelined + "two\r\n.\r\n")));
    assertThat(body(read(in))).isEqualTo("one\r\n");
    byte[] commands = new byte[pipelined.length()];
    assertThat(in.readNBytes(commands, 0, commands.length)).isEqualTo(commands.length);
    assertThat(text(commands)).isEqualTo(pipelined);
    assertThat(body(read(in))).isEqualTo("two\r\n");
    assertThat(in.read()).isEqualTo(-1);
  }

  @Test
  void theEndOfTheStreamBeforeTheTerminatorIsAnEofNotAMessage() {
    for (String cut : new String[] {"", "abc", "abc\r\n", "abc\r\n.", "abc\r\n.\r", ".", ".\r"}) {
      InputStream in = session(new ByteArrayInputStream(bytes(cut)));
      assertThatThrownBy(() -> read(in)).as(cut).isInstanceOf(EOFException.class);
    }
  }

  @Test
  void theTerminatorSplitAcrossReadsAtEveryOffsetIsFound() throws IOException {
    String wire = "Subject: s\r\n\r\n..dot\r\nlast\r\n.\r\n";
    byte[] all = bytes(wire + NEXT);
    for (int cut = 1; cut < all.length; cut++) {
      InputStream in = session(new Pieces(all, cut));
      assertThat(body(read(in)))
          .as("cut at " + cut)
          .isEqualTo("Subject: s\r\n\r\n.dot\r\nlast\r\n");
      assertThat(text(in.readAllBytes())).as("cut at " + cut).isEqualTo(NEXT);
    }
    // and every pair of cuts around the terminator
    int dot = wire.length() - 5; // "\r\n.\r\n" starts here
    for (int a = dot - 2; a < all.length; a++) {
      for (int b = a + 1; b <= all.length; b++) {
        InputStream in = session(new Pieces(all, a, b));
        assertThat(body(read(in))).as(a + "," + b).isEqualTo("Subject: s\r\n\r\n.dot\r\nlast\r\n");
        assertThat(text(in.readAllBytes())).as(a + "," + b).isEqualTo(NEXT);
      }
    }
  }

  @Test
  void oneByteAtATimeAndWithoutMarkTheSameBytesAreRead() throws IOException {
    String wire = "..a\r\n\r\n.\r\n";
    byte[] all = bytes(wire + NEXT);
    int[] everyByte = new int[all.length];
    Arrays.setAll(everyByte, i -> i + 1);
    InputStream trickle = session(new Pieces(all, everyByte));
    assertThat(body(read(trickle))).isEqualTo(".a\r\n\r\n");
    assertThat(text(trickle.readAllBytes())).isEqualTo(NEXT);

    InputStream plain = unmarkable(new ByteArrayInputStream(all));
    assertThat(body(read(plain))).isEqualTo(".a\r\n\r\n");
    assertThat(text(plain.readAllBytes())).isEqualTo(NEXT);
  }

  @Test
  void theTerminatorAtEveryPlaceAroundTheChunkBoundaryIsFound() throws IOException {
    for (int size = DataReader.CHUNK - 8; size <= 2 * DataReader.CHUNK + 8; size++) {
      if (size == DataReader.CHUNK + 9) {
        size = 2 * DataReader.CHUNK - 8;
      }
      String line = "x".repeat(Math.max(0, size - 2)) + "\r\n";
      InputStream in = session(new ByteArrayInputStream(bytes(line + ".\r\n" + NEXT)));
      assertThat(body(read(in))).as("size " + size).isEqualTo(line);
      assertThat(text(in.readAllBytes())).as("size " + size).isEqualTo(NEXT);
    }
  }

  @Test
  void randomMessagesInRandomPiecesComeBackExactly() throws IOException {
    Random random = new Random(20331);
    byte[] alphabet = bytes(".\r\na ");
    for (int round = 0; round < 2000; round++) {
      byte[] message = new byte[random.nextInt(round < 1000 ? 40 : 20_000)];
      for (int i = 0; i < message.length; i++) {
        message[i] = alphabet[random.nextInt(alphabet.length)];
      }
      if (message.length > 0) {
        // as every client does, the message ends with CRLF before the terminator
        message = (text(message) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
      }
      ByteArrayOutputStream wire = new ByteArrayOutputStream();
      wire.writeBytes(WireClient.dotStuffed(message));
      wire.writeBytes(bytes(NEXT));
      byte[] all = wire.toByteArray();
      int[] cuts = random.ints(random.nextInt(6), 1, all.length + 1).sorted().toArray();
      InputStream in =
          round % 2 == 0 ? session(new Pieces(all, cuts)) : unmarkable(new Pieces(all, cuts));
      DataReader.Result r = read(in);
      assertThat(r).as("round " + round).isEqualTo(new DataReader.Result.Body(message));
      assertThat(text(in.readAllBytes())).as("round " + round).isEqualTo(NEXT);
    }
  }

  @Test
  void pastTheLimitTheRestIsReadAndOnlyItsSizeKept() throws IOException {
    InputStream in = session(new ByteArrayInputStream(bytes("12345678\r\n..\r\n.\r\n" + NEXT)));
    assertThat(DataReader.read(in, 11, new BodyBudget(Long.MAX_VALUE)))
        .isEqualTo(new DataReader.Result.TooBig(13));
    assertThat(text(in.readAllBytes())).isEqualTo(NEXT);

    InputStream exact = session(new ByteArrayInputStream(bytes("12345678\r\n..\r\n.\r\n")));
    assertThat(body(DataReader.read(exact, 13, new BodyBudget(Long.MAX_VALUE))))
        .isEqualTo("12345678\r\n.\r\n");

    String big = "y".repeat(998) + "\r\n";
    InputStream large = session(new ByteArrayInputStream(bytes(big.repeat(100) + ".\r\n" + NEXT)));
    assertThat(DataReader.read(large, 50_000, new BodyBudget(Long.MAX_VALUE)))
        .isEqualTo(new DataReader.Result.TooBig(100_000));
    assertThat(text(large.readAllBytes())).isEqualTo(NEXT);
  }

  @Test
  void aMessageTheBudgetHasNoRoomForIsReadToItsEndAndNotKept() throws Exception {
    BodyBudget budget = new BodyBudget(64 * 1024);
    byte[] big = ("x".repeat(998) + "\r\n").repeat(100).getBytes(StandardCharsets.US_ASCII);
    InputStream in =
        new BufferedInputStream(
            new ByteArrayInputStream(
                concat(big, ".\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII))));

    assertThat(DataReader.read(in, NO_LIMIT, budget))
        .isEqualTo(new DataReader.Result.NoRoom(100_000));
    assertThat(budget.used()).isZero();
    // read exactly to its end: the next command is still there
    assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("QUIT\r\n");
  }

  @Test
  void aBodyKeptHoldsItsSizeOfTheBudgetUntilReleasedAndCrowdsOutAnother() throws Exception {
    BodyBudget budget = new BodyBudget(64 * 1024);
    byte[] message = ("y".repeat(998) + "\r\n").repeat(20).getBytes(StandardCharsets.US_ASCII);
    DataReader.Result first = readEnded(message, budget);
    assertThat(first).isInstanceOf(DataReader.Result.Body.class);
    assertThat(budget.used()).isEqualTo(20_000);

    assertThat(readEnded(message, budget)).isEqualTo(new DataReader.Result.NoRoom(20_000));
    assertThat(budget.used()).isEqualTo(20_000);

    budget.release(20_000); // the first was archived
    assertThat(readEnded(message, budget)).isEqualTo(first);
  }

  /** Reads {@code message} followed by its terminator, within {@code budget}. */
  private static DataReader.Result readEnded(byte[] message, BodyBudget budget) throws IOException {
    byte[] wire = concat(message, ".\r\n".getBytes(StandardCharsets.US_ASCII));
    return DataReader.read(
        new BufferedInputStream(new ByteArrayInputStream(wire)), NO_LIMIT, budget);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
