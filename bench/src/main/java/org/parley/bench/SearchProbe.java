package org.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;

/**
 * Shows that an import is searchable, with no site running: opens a data directory's search index
 * read-only, prints how many posts it holds, and searches it for each Message-ID given (the last
 * posts of the imported files), printing how many posts each search found. The import benchmark
 * ({@code bench/import.sh}) runs it from its source with Parley's jar on the class path, after
 * {@code parley reindex} has ended.
 *
 * <p>Usage: {@code SearchProbe <data>/index MESSAGE-ID…}; prints {@code docs N}, then {@code found
 * N <id>} a line.
 */
public final class SearchProbe {
  /**
   * The field the index keeps each post's Message-ID in, without angle brackets ({@code
   * SearchIndex.MSGID}, package-private there).
   */
  private static final String MSGID = "msgid";

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: SearchProbe <data>/index [MESSAGE-ID...]");
      System.exit(2);
    }
    Path dir = newestSchema(Path.of(args[0]));
    try (FSDirectory d = FSDirectory.open(dir);
        DirectoryReader reader = DirectoryReader.open(d)) {
      IndexSearcher searcher = new IndexSearcher(reader);
      System.out.println("docs " + reader.numDocs());
      for (int i = 1; i < args.length; i++) {
        String id = args[i].strip();
        if (id.startsWith("<") && id.endsWith(">")) {
          id = id.substring(1, id.length() - 1).strip();
        }
        int hits = searcher.count(new TermQuery(new Term(MSGID, id)));
        System.out.println("found " + hits + " " + id);
      }
    }
  }

  /** The index of the newest schema under the index root: the directory {@code v<N>} of most N. */
  private static Path newestSchema(Path root) throws IOException {
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(p -> p.getFileName().toString().matches("v\\d+"))
          .max(Comparator.comparingInt(SearchProbe::schema))
          .orElseThrow(() -> new IOException("no search index under " + root));
    }
  }

  private static int schema(Path dir) {
    return Integer.parseInt(dir.getFileName().toString().substring(1));
  }
}
