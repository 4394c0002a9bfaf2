package org.parley.importer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Finds the files to import under the paths a person names, in a stable order (by path, which in a
 * Maildir is by delivery time, its names starting with it).
 *
 * <ul>
 *   <li>A file is an mbox if, once decompressed, its first line (after a byte order mark) is an
 *       mbox separator ({@link MboxReader}); otherwise it is one message if it was named, ends in
 *       {@code .eml}, or lies in a Maildir's {@code cur/} or {@code new/}. Other files found in a
 *       directory are skipped and counted.
 *   <li>A Maildir's {@code tmp/} is skipped (its messages are still being delivered), and so are
 *       hidden files (a Maildir++ folder's {@code .Sent/} is a directory and is read). Flags after
 *       {@code :2,} or {@code !2,} in a name do not change what is imported.
 * </ul>
 */
public final class ImportFiles {
  /** The files found, and how many were skipped as no mail. */
  public record Found(List<ImportFile> files, List<Path> skipped) {
    /** No files: for counts that speak of messages only. */
    public static final Found NONE = new Found(List.of(), List.of());

    public long bytes() {
      return files.stream().mapToLong(ImportFile::size).sum();
    }
  }

  private ImportFiles() {}

  /**
   * @throws IOException if a path cannot be read
   * @throws IllegalArgumentException if a path does not exist
   */
  public static Found find(List<Path> paths) throws IOException {
    List<ImportFile> files = new ArrayList<>();
    List<Path> skipped = new ArrayList<>();
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new IllegalArgumentException("there is no file or directory " + p);
      }
      if (Files.isDirectory(p)) {
        List<Path> inside;
        try (Stream<Path> walk = Files.walk(p)) {
          inside = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : inside) {
          if (hidden(f) || inMaildir(f, "tmp")) {
            continue;
          }
          boolean message =
              inMaildir(f, "cur")
                  || inMaildir(f, "new")
                  || f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".eml");
          classify(f, message, files, skipped);
        }
      } else {
        classify(p, true, files, skipped);
      }
    }
    return new Found(List.copyOf(files), List.copyOf(skipped));
  }

  private static void classify(Path f, boolean message, List<ImportFile> files, List<Path> skipped)
      throws IOException {
    long size = Files.size(f);
    if (isMbox(f)) {
      files.add(new ImportFile(f, ImportFile.Kind.MBOX, size));
    } else if (message && size > 0 && startsWithAHeaderField(f)) {
      files.add(new ImportFile(f, ImportFile.Kind.MESSAGE, size));
    } else {
      skipped.add(f);
    }
  }

  /** Whether the file's first line, decompressed and after a byte order mark, is a separator. */
  static boolean isMbox(Path f) throws IOException {
    try (InputStream in = Decompression.open(Files.newInputStream(f))) {
      byte[] head = in.readNBytes(1024);
      int start =
          head.length >= 3
                  && (head[0] & 0xff) == 0xef
                  && (head[1] & 0xff) == 0xbb
                  && (head[2] & 0xff) == 0xbf
              ? 3
              : 0;
      int end = start;
      while (end < head.length && head[end] != '\n') {
        end++;
      }
      byte[] line = new byte[end - start];
      System.arraycopy(head, start, line, 0, line.length);
      return MboxReader.isSeparator(line);
    } catch (IOException e) {
      // a truncated or corrupt compressed file: not an mbox we can read
      return false;
    }
  }

  /**
   * Whether the file starts as a message does, with a header field ({@code Name:}, RFC 5322 §2.2):
   * a file named for import that is not mail (a picture, a PDF) is skipped as "no mail", not
   * archived as a post of garbage.
   */
  static boolean startsWithAHeaderField(Path f) throws IOException {
    try (InputStream in = Files.newInputStream(f)) {
      byte[] head = in.readNBytes(1000);
      int i = head.length >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb ? 3 : 0;
      int start = i;
      while (i < head.length && head[i] >= 0x21 && head[i] <= 0x7e && head[i] != ':') {
        i++;
      }
      return i > start && i < head.length && head[i] == ':';
    }
  }

  /** Whether {@code f} is directly in a directory {@code name} beside a Maildir's cur/ or new/. */
  private static boolean inMaildir(Path f, String name) {
    Path dir = f.getParent();
    if (dir == null || !dir.getFileName().toString().equals(name)) {
      return false;
    }
    Path box = dir.getParent();
    return box != null
        && (Files.isDirectory(box.resolve("cur"))
            || Files.isDirectory(box.resolve("new"))
            || Files.isDirectory(box.resolve("tmp")));
  }

  /** A hidden file (a name starting with a dot), as {@code .DS_Store} or Dovecot's own files. */
  private static boolean hidden(Path f) {
    return f.getFileName().toString().startsWith(".");
  }
}
