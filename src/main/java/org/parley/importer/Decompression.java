package org.parley.importer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Undoes gzip (RFC 1952), bzip2 and xz compression, told by the file's first bytes rather than its
 * name, so {@code 2007-March.txt.gz} and an {@code archive.mbox} that is really gzip'd both read.
 * Files of several concatenated members (as {@code cat a.gz b.gz} makes) read whole.
 */
final class Decompression {
  private Decompression() {}

  /** The stream's content, decompressed if it is compressed; the stream as it is otherwise. */
  static InputStream open(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(6);
    byte[] magic = in.readNBytes(6);
    in.reset();
    if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return new GzipCompressorInputStream(in, true);
    }
    if (magic.length >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
      return new BZip2CompressorInputStream(in, true);
    }
    if (magic.length == 6
        && (magic[0] & 0xff) == 0xfd
        && magic[1] == '7'
        && magic[2] == 'z'
        && magic[3] == 'X'
        && magic[4] == 'Z'
        && magic[5] == 0) {
      return new XZCompressorInputStream(in, true);
    }
    return in;
  }
}
