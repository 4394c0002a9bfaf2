package org.parley.importer;

import java.io.Closeable;
import java.io.IOException;

/** Raw messages read one at a time from a file: an mbox gives many, an {@code .eml} file one. */
interface MessageSource extends Closeable {
  /** The next message's bytes as they were received, or null when there are no more. */
  byte[] next() throws IOException;
}
