package org.parley.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.parley.mime.Limits;
import org.parley.mime.MalformedMessageException;
import org.parley.mime.MessageParser;
import org.parley.mime.ParsedMessage;

/**
 * MessageParser.parse on the real lore archives, one message per operation, cycling through the
 * file. The {@code bytes} counter is bytes parsed per second: divide by 1e6 for MB/s, to compare with
 * Python's email (38 MB/s) and public-inbox's Perl parser (87 MB/s) on one core of this machine.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
@State(Scope.Thread)
public class ParseBench {
  @Param({"lore-util-linux/util-linux.mbox"})
  public String corpus;

  private List<byte[]> messages;
  private int next;
  private final MessageParser parser =
      new MessageParser(Limits.defaults());

  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Bytes {
    public long bytes;

    @Setup(Level.Iteration)
    public void reset() {
      bytes = 0;
    }
  }

  @Setup
  public void load() throws IOException {
    Path root = Path.of(System.getProperty("parley.corpora", "../../shared/corpora"));
    messages = Mails.mbox(root.resolve(corpus));
  }

  @Benchmark
  public ParsedMessage parse(Bytes counter) throws MalformedMessageException {
    byte[] m = messages.get(next);
    next = next + 1 == messages.size() ? 0 : next + 1;
    counter.bytes += m.length;
    try {
      return parser.parse(m);
    } catch (MalformedMessageException e) {
      return null; // refused messages still cost their parse
    }
  }
}
