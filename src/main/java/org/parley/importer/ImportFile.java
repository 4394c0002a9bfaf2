package org.parley.importer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One file to import: an mbox (of any dialect, compressed or not, a pipermail month among them)
 * holding many messages, or a file holding one message (an {@code .eml} file, a Maildir entry).
 *
 * @param size the file's size on disk, for the progress through all files
 */
public record ImportFile(Path path, Kind kind, long size) {
  /** How a file holds its messages. */
  public enum Kind {
    MBOX,
    MESSAGE
  }

  /**
   * Opens the file's messages; the bytes read from disk (before decompression) are added to {@code
   * read} as they are read, for the progress.
   */
  MessageSource open(AtomicLong read) throws IOException {
    InputStream counted = new Counting(Files.newInputStream(path), read);
    InputStream content;
    try {
      content = Decompression.open(counted);
    } catch (IOException | RuntimeException e) {
      counted.close();
      throw e;
    }
    if (kind == Kind.MBOX) {
      return new MboxReader(content);
    }
    return new MessageSource() {
      private boolean done;

      @Override
      public byte[] next() throws IOException {
        if (done) {
          return null;
        }
        done = true;
        return content.readAllBytes();
      }

      @Override
      public void close() throws IOException {
        content.close();
      }
    };
  }

  /** Counts the bytes read from the file. */
  private static final class Counting extends FilterInputStream {
    private final AtomicLong read;

    Counting(InputStream in, AtomicLong read) {
      super(in);
      this.read = read;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        read.incrementAndGet();
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        read.addAndGet(n);
      }
      return n;
    }
  }
}
