package org.parley.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The files of imports started on the web, under {@code <data>/imports/}: each upload in a folder
 * of its own, each file in it named by its place in the upload and its name as sent ({@code
 * 001-archive.mbox.gz}), and a zip unpacked beside it into a directory ({@code 001-maildir.zip.d/})
 * and then deleted. The folder is deleted once its import has ended.
 */
public final class Uploads {
  /** The longest file name kept from what a browser sends, before its number. */
  static final int NAME_LENGTH = 100;

  /** Refused: an upload that cannot be imported, with a sentence that says why (400). */
  public static final class Refused extends Exception {
    public Refused(String sentence) {
      super(sentence);
    }
  }

  /** Refused: a zip that unpacks to more than the site takes (413). */
  public static final class TooLarge extends Exception {
    public TooLarge(String sentence) {
      super(sentence);
    }
  }

  private final Path root;

  /**
   * @param root the directory of every upload's folder, {@code <data>/imports}
   */
  public Uploads(Path root) {
    this.root = root;
  }

  /** Where uploads are spooled while they arrive (beside their folders, so they move cheaply). */
  public Path spool() throws IOException {
    return Files.createDirectories(root.resolve("spool"));
  }

  /** Makes a new, empty folder for one upload; its name, for {@link #folder}. */
  public String create() throws IOException {
    String name = UUID.randomUUID().toString();
    Files.createDirectories(root.resolve(name));
    return name;
  }

  /** The folder of an upload by its name. */
  public Path folder(String name) {
    if (!name.matches("[0-9a-f-]{36}")) {
      throw new IllegalArgumentException("not an upload's folder: " + name);
    }
    return root.resolve(name);
  }

  /**
   * Where the upload's {@code index}th file (from 1) is stored, named by its place and its name as
   * sent, reduced to its last part and to letters, digits, dots, hyphens and underscores.
   */
  public Path fileFor(String folder, int index, String sentName) {
    String base = sentName.replace('\\', '/');
    base = base.substring(base.lastIndexOf('/') + 1);
    base = base.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "_");
    if (base.isEmpty()) {
      base = "file";
    }
    if (base.length() > NAME_LENGTH) {
      base = base.substring(base.length() - NAME_LENGTH);
    }
    return folder(folder).resolve(String.format(Locale.ROOT, "%03d-%s", index, base));
  }

  /** Whether a file sent is a zip to unpack, by its name. */
  public static boolean isZip(String sentName) {
    return sentName.toLowerCase(Locale.ROOT).endsWith(".zip");
  }

  /**
   * Unpacks a zip into a directory beside it and deletes the zip. An entry whose path would lead
   * out of that directory (an absolute path, or one climbing with {@code ..}: "zip slip") refuses
   * the whole zip, as does one that is not a zip.
   *
   * @param budget how many bytes the entries may unpack to, in all
   * @return the bytes unpacked
   */
  public long unzip(Path zip, long budget) throws IOException, Refused, TooLarge {
    Path into = zip.resolveSibling(zip.getFileName() + ".d");
    Files.createDirectories(into);
    long total = 0;
    try (ZipFile file = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        Path target = into.resolve(entry.getName().replace('\\', '/')).normalize();
        if (!target.startsWith(into) || target.equals(into)) {
          throw new Refused(
              "The zip "
                  + display(zip)
                  + " holds a file whose path leads out of the archive ("
                  + entry.getName()
                  + "), which is a sign of a crafted file: nothing was imported.");
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
          continue;
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = file.getInputStream(entry);
            OutputStream out = Files.newOutputStream(target)) {
          byte[] buffer = new byte[64 * 1024];
          int n;
          while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > budget) {
              throw new TooLarge(
                  "The zip "
                      + display(zip)
                      + " unpacks to more than this site takes in one import: split it, or ask"
                      + " the site's operator to import it with the parley import command.");
            }
            out.write(buffer, 0, n);
          }
        }
      }
    } catch (ZipException e) {
      throw new Refused(
          "The file "
              + display(zip)
              + " is named .zip but cannot be read as one: nothing was"
              + " imported.");
    }
    Files.delete(zip);
    return total;
  }

  /** The files and unpacked directories of an upload, in the order they were sent. */
  public List<Path> paths(String folder) throws IOException {
    try (Stream<Path> list = Files.list(folder(folder))) {
      return list.sorted().toList();
    }
  }

  /** Deletes an upload's folder and everything in it; nothing if it is gone already. */
  public void delete(String folder) {
    Path dir = folder(folder);
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the upload " + dir, e);
    }
  }

  /**
   * Deletes what uploads left behind when the site stopped during one: every folder under the root
   * but those of imports still to run ({@code kept}), and whatever is in the spool. Called at
   * start-up, before the web takes uploads.
   */
  public void sweep(java.util.Set<String> kept) throws IOException {
    if (!Files.isDirectory(root)) {
      return;
    }
    List<Path> all;
    try (Stream<Path> list = Files.list(root)) {
      all = list.toList();
    }
    for (Path p : all) {
      String name = p.getFileName().toString();
      if (name.equals("spool")) {
        try (Stream<Path> spooled = Files.list(p)) {
          for (Path f : spooled.toList()) {
            Files.deleteIfExists(f);
          }
        }
      } else if (name.matches("[0-9a-f-]{36}") && !kept.contains(name)) {
        delete(name);
      }
    }
  }

  /** A stored file's name as its owner sent it, less the number in front. */
  private static String display(Path stored) {
    return stored.getFileName().toString().replaceFirst("^\\d{3}-", "");
  }
}
