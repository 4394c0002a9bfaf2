package org.parley.bench;

import org.parley.delivery.decorations.Origin;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.parley.archive.MessageId;
import org.parley.delivery.CopyTemplate;
import org.parley.delivery.Decorator;
import org.parley.group.Group;
import org.parley.group.GroupName;
import org.parley.group.Joining;
import org.parley.group.Posting;
import org.parley.group.ReplyTo;
import org.parley.group.Visibility;
import org.parley.testkit.Corpora;

/**
 * Delivery's CPU per post and per copy, on the messages of the util-linux archive: {@code
 * decorate} (once per post: list headers, subject prefix, footer) and {@code copyFor} (once per
 * recipient: splice the List-Unsubscribe header), in operations per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Thread)
public class DecorateBench {
  private List<byte[]> messages;
  private int next;
  private CopyTemplate template;
  private final Decorator decorator = new Decorator("lists.test", "https://lists.test");
  private final Origin origin =
      new Origin("a@lists.test", "", Instant.EPOCH, MessageId.of("<bench@lists.test>"));
  private final Group group =
      new Group(
          1,
          new GroupName("bench"),
          "bench",
          "",
          Visibility.PUBLIC,
          Posting.ANYONE,
          Joining.OPEN,
          "[bench]",
          ReplyTo.GROUP,
          "You got this because you joined bench.",
          false,
          25L << 20,
          Instant.EPOCH);

  @Setup
  public void load() throws IOException {
    Path root = Path.of(System.getProperty("parley.corpora", "../../shared/corpora"));
    messages = Mails.mbox(root.resolve("lore-util-linux/util-linux.mbox"));
    messages.replaceAll(Corpora::crlf);
    template = decorator.decorate(group, messages.get(0), origin);
  }

  @Benchmark
  public CopyTemplate decorate() throws IOException {
    byte[] m = messages.get(next);
    next = next + 1 == messages.size() ? 0 : next + 1;
    return decorator.decorate(group, m, origin);
  }

  @Benchmark
  public byte[] copyFor() {
    return template.copyFor("0123456789abcdef0123456789abcdef");
  }
}
