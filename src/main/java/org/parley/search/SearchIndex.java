package org.parley.search;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.ExitableDirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.QueryTimeout;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexOrDocValuesQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;
import org.parley.archive.MessageId;
import org.parley.archive.Post;
import org.parley.archive.PostId;
import org.parley.archive.TopicId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The full-text index of posts (Lucene's one home). It is derived from the archive and rebuildable
 * (DESIGN §7 rule 1): it lives in {@code <index root>/v<SCHEMA_VERSION>/}, so a change of the
 * schema starts a new, empty directory that {@code parley reindex} (or the site at start-up) fills.
 *
 * <p>One document per post, keyed by the post id, so indexing a post again replaces it. A search
 * takes the set of groups the viewer may read and never returns a post of any other group; the
 * caller (the web's access check) decides that set.
 *
 * <p>The body text is indexed but not stored: the archive holds it already, and storing it again
 * made the index five times larger and every flush and merge copy it. The snippets of a page of
 * results come from the archive ({@link Bodies}), one query for the page.
 *
 * <p>Queries use Lucene's classic syntax: words (all must match), {@code "phrases"}, {@code OR},
 * {@code -word}, {@code word*}, and the fields {@code subject:}, {@code from:} (the author's name,
 * and their address in groups where the viewer may see addresses) and {@code msgid:}. A query that
 * does not parse is never an error: its words are searched for instead, with a notice. The date
 * operators {@code after:}, {@code before:} and {@code d:} ({@link DateOperators}) are taken out
 * first and narrow the whole search; one that holds no date answers no posts and a message saying
 * why ({@link Results#problem}). Results come best match first, or newest first ({@link Order}).
 *
 * <p>No query may take a core or the heap, whoever sends it (search is open to visitors in public
 * groups). A search uses its first {@value #MAX_QUERY_CHARS} characters and {@value #MAX_WORDS}
 * words. Regular expressions ({@code /…/}) and ranges of words ({@code [a TO b]}) are never
 * compiled: their words are searched for instead. A wildcard needs {@value #MIN_PATTERN_PREFIX}
 * letters before its first {@code *} or {@code ?}; a fuzzy word ({@code word~}) keeps its first
 * letter and stands for at most 50 words of the index; a search has at most {@value #MAX_PATTERNS}
 * of them all; a phrase's slop ({@code "a b"~N}) is at most {@value #MAX_SLOP}. What breaks a rule
 * is searched as plain words, with a notice. Then every search has a time budget ({@link
 * #timeBudget}): the enumeration of the index's words (for wildcards) and the collecting of hits
 * stop when it runs out, and what was found by then comes back marked {@link Results#stopped}.
 *
 * <p>The index opens on first use and holds Lucene's write lock until {@link #close}, so only one
 * process uses a data directory's index at a time. {@link #add} and {@link #remove} change the
 * index in memory; {@link #commit} makes the changes durable and visible to searches, and {@link
 * #close} drops what was not committed, as a crash would. The {@link SearchIndexer} commits on a
 * timer, so a steady stream of posts makes one small segment per interval, not one per post.
 *
 * <p>When Lucene closes the writer for good after a failure it cannot undo (a full or failing disk
 * during a flush or commit), the next use opens a new writer on the last commit, so indexing
 * resumes once the disk is fixed, without a restart. What was not committed is lost with the old
 * writer: {@link #add}, {@link #remove} and {@link #commit} return the number of the writer they
 * used, so the caller can tell which changes a commit holds and make the others again.
 */
public final class SearchIndex implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SearchIndex.class);

  /** The version of the document schema below; a change must bump it (a new directory). */
  public static final int SCHEMA_VERSION = 3;

  /**
   * Where the body text of found posts comes from, for their snippets: the archive.
   *
   * <p>Returns the body of each post it has; a post it does not have gets a snippet of nothing.
   */
  @FunctionalInterface
  public interface Bodies {
    Map<PostId, String> of(List<PostId> posts);
  }

  static final String POST = "post";
  static final String GROUP = "group";
  static final String TOPIC = "topic";
  static final String SUBJECT = "subject";
  static final String FROM = "from";
  static final String ADDRESS = "address";
  static final String BODY = "body";
  static final String DATE = "date";
  static final String MSGID = "msgid";

  private static final String[] DEFAULT_FIELDS = {SUBJECT, FROM, BODY};
  private static final Map<String, Float> BOOSTS = Map.of(SUBJECT, 2f, FROM, 1f, BODY, 1f);
  private static final Set<String> QUERY_FIELDS = Set.of(SUBJECT, FROM, BODY, MSGID);
  private static final Sort BY_RELEVANCE =
      new Sort(SortField.FIELD_SCORE, new SortField(DATE, SortField.Type.LONG, true));
  private static final Sort BY_DATE = new Sort(new SortField(DATE, SortField.Type.LONG, true));
  private static final String COMPLETE = "complete";
  static final int MAX_QUERY_CHARS = 500;
  static final int MAX_WORDS = 64;
  static final int MIN_PATTERN_PREFIX = 2;
  static final int MAX_PATTERNS = 4;
  static final int MAX_SLOP = 10;
  private static final int FUZZY_PREFIX = 1;

  /**
   * How much CPU time of its thread a search may use by default, and a tenth of the wall-clock time
   * it may take ({@link Deadline}). It stops Lucene's work; the parsing before and the snippets
   * after are bounded by the rules on queries and by the page's size instead.
   */
  public static final Duration TIME_BUDGET = Duration.ofMillis(500);

  /** What the results page says when a search ran out of its time budget. */
  public static final String STOPPED =
      "The search took too long and was stopped; results may be incomplete — try fewer or more"
          + " specific words.";

  /**
   * Which posts a search may return.
   *
   * @param readable the groups the viewer may read; nothing else is ever returned
   * @param addressesShown the groups in which the viewer may see authors' addresses, so {@code
   *     from:} may match an address there
   */
  public record Scope(Set<Long> readable, Set<Long> addressesShown) {
    public Scope {
      readable = Set.copyOf(readable);
      addressesShown = Set.copyOf(addressesShown);
    }

    /** A scope that reads, and sees addresses in, exactly these groups. */
    public static Scope of(Set<Long> groups) {
      return new Scope(groups, groups);
    }
  }

  /** A piece of a subject or snippet; {@code match} pieces are the words the query matched. */
  public record Segment(String text, boolean match) {}

  /**
   * One post found.
   *
   * @param subject the post's subject, in pieces with the matched words marked
   * @param snippet some body text around the first matched word, in pieces, plain text
   */
  public record Hit(
      PostId post,
      TopicId topic,
      long groupId,
      MessageId messageId,
      List<Segment> subject,
      String author,
      Instant date,
      List<Segment> snippet) {

    public String subjectText() {
      StringBuilder sb = new StringBuilder();
      subject.forEach(s -> sb.append(s.text()));
      return sb.toString();
    }
  }

  /** The order of the results. */
  public enum Order {
    /** Best match first, newer first among equals. */
    RELEVANCE,
    /** Newest first (by the date the post is shown with). */
    DATE
  }

  /**
   * A page of results.
   *
   * @param total how many posts matched in all
   * @param notice a sentence for the person when the query was not taken as written
   * @param problem a sentence for the person when the query could not be searched at all (a date
   *     that is not one, dates that leave no time between them); there are no hits then
   * @param stopped whether the search ran out of its time budget: the hits and the total are those
   *     found by then, and may be fewer than all ({@link #STOPPED} says so to the person)
   */
  public record Results(
      List<Hit> hits,
      long total,
      Optional<String> notice,
      Optional<String> problem,
      boolean stopped) {
    static Results none(Optional<String> notice) {
      return new Results(List.of(), 0, notice, Optional.empty(), false);
    }

    static Results refused(String problem) {
      return new Results(List.of(), 0, Optional.empty(), Optional.of(problem), false);
    }
  }

  /** Flushes buffered documents to a segment at this size, or at a commit, whichever is first. */
  private static final double RAM_BUFFER_MB = 64;

  private record Open(
      FSDirectory directory, IndexWriter writer, SearcherManager searchers, long writerNumber) {}

  private record Parsed(Query query, List<String> notices) {}

  private final Path root;
  private final Path dir;
  private final Bodies bodies;
  private final Analyzer analyzer;
  private final Snippets snippets;
  private final Object committing = new Object();
  private Open open; // guarded by this; opened on first use
  private long writers; // guarded by this: how many writers were opened
  private boolean closed; // guarded by this
  private volatile Duration timeBudget = TIME_BUDGET;

  /**
   * @param root the index root, {@code <data>/index}; this schema's index is {@code root/v<N>}
   * @param bodies the body text of found posts, for their snippets
   */
  public SearchIndex(Path root, Bodies bodies) {
    this.root = root;
    this.dir = root.resolve("v" + SCHEMA_VERSION);
    this.bodies = bodies;
    TextAnalyzer text = new TextAnalyzer();
    KeywordAnalyzer keyword = new KeywordAnalyzer();
    this.analyzer = new PerFieldAnalyzerWrapper(text, Map.of(MSGID, keyword, POST, keyword));
    this.snippets = new Snippets(analyzer);
  }

  /**
   * Sets how long each search may run ({@link #TIME_BUDGET} unless set): a search that runs out
   * stops and answers what it found by then, marked {@link Results#stopped}. Zero stops every
   * search at its first check (for tests of that answer).
   */
  public void timeBudget(Duration budget) {
    if (budget.isNegative()) {
      throw new IllegalArgumentException("a time budget cannot be negative: " + budget);
    }
    this.timeBudget = budget;
  }

  /** The directory of this schema's index. */
  public Path directory() {
    return dir;
  }

  /**
   * Opens the index now, unless another process holds it (a serving site, whose workers index the
   * archive's new posts themselves).
   *
   * @return false if another process holds the index
   */
  public boolean openUnlessHeld() throws IOException {
    try {
      open();
      return true;
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof LockObtainFailedException) {
        return false;
      }
      throw e;
    }
  }

  private synchronized Open open() throws IOException {
    if (closed) {
      throw new IllegalStateException("the search index is closed");
    }
    if (open != null && !open.writer().isOpen()) {
      // Lucene closes its writer for good after a failure it cannot undo (a full or failing disk
      // during a flush or commit). Open a new one on the last commit, so indexing resumes once the
      // disk is fixed, without a restart; what was not committed went with the old writer.
      log.error(
          "search index {}: the writer failed and closed; opening it again on the last commit",
          dir,
          open.writer().getTragicException());
      Open dead = open;
      open = null;
      closeQuietly(dead);
    }
    if (open == null) {
      Files.createDirectories(dir);
      dropOlderSchemas();
      FSDirectory d = FSDirectory.open(dir);
      IndexWriter w;
      try {
        w = new IndexWriter(d, config());
      } catch (LockObtainFailedException e) {
        d.close();
        throw new IllegalStateException(
            "the search index "
                + dir
                + " is in use by another Parley process (stop parley serve first)",
            e);
      }
      open = new Open(d, w, new SearcherManager(w, null), ++writers);
    }
    return open;
  }

  /**
   * Deletes the indexes of earlier schemas beside this one: this version never reads them, and this
   * schema's index is rebuilt from the archive. A failure is logged and the start goes on.
   */
  private void dropOlderSchemas() {
    try (Stream<Path> entries = Files.list(root)) {
      for (Path old : entries.toList()) {
        String name = old.getFileName().toString();
        if (name.matches("v[0-9]{1,9}")
            && Integer.parseInt(name.substring(1)) < SCHEMA_VERSION
            && Files.isDirectory(old)) {
          try (Stream<Path> tree = Files.walk(old)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
              Files.delete(p);
            }
          }
          log.info(
              "search index: removed {}, the index of an earlier schema; {} replaces it", old, dir);
        }
      }
    } catch (IOException e) {
      log.warn("search index: cannot remove the index of an earlier schema under {}", root, e);
    }
  }

  /**
   * The writer's configuration for a steady trickle of posts, committed about once a second, and
   * for rebuilds. The merge policy is Lucene's default (tiered: about ten segments of a size merge
   * into one). Merges run on at most one thread per two cores (one on a small machine) with a short
   * queue; beyond it, indexing waits for merges instead of piling up segments. Closing drops what
   * was not committed: only a commit makes a post durable, so a job is done only after one.
   */
  private IndexWriterConfig config() {
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
    ConcurrentMergeScheduler merges = new ConcurrentMergeScheduler();
    merges.setMaxMergesAndThreads(threads + 2, threads);
    return new IndexWriterConfig(analyzer)
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
        .setRAMBufferSizeMB(RAM_BUFFER_MB)
        .setMergeScheduler(merges)
        .setCommitOnClose(false);
  }

  /** Indexes a post (replacing an earlier version of it), commits, and makes it searchable. */
  public void index(Post post) throws IOException {
    add(post);
    commit();
  }

  /** Removes a post, commits, and makes the removal visible. */
  public void delete(PostId post) throws IOException {
    remove(post);
    commit();
  }

  /**
   * Removes a post; the next {@link #commit} by the same writer makes the removal durable and
   * visible.
   *
   * @return the number of the writer that took the change (see {@link #commit})
   */
  public long remove(PostId post) throws IOException {
    Open o = open();
    o.writer().deleteDocuments(new Term(POST, post.toString()));
    return o.writerNumber();
  }

  /**
   * Adds or replaces a post; the next {@link #commit} by the same writer makes it durable and
   * searchable.
   *
   * @return the number of the writer that took the change (see {@link #commit})
   */
  public long add(Post post) throws IOException {
    Open o = open();
    o.writer().updateDocument(new Term(POST, post.id().toString()), document(post));
    return o.writerNumber();
  }

  /** Removes every post without committing: the start of a rebuild. */
  public void clear() throws IOException {
    open().writer().deleteAll();
  }

  /**
   * Makes every change that returned before this call durable (fsync) and visible to searches. With
   * nothing changed it writes nothing.
   *
   * @return the number of the writer that committed: a change made through an earlier writer (one
   *     that failed and was replaced since) is not in this commit, and must be made again
   */
  public long commit() throws IOException {
    synchronized (committing) {
      Open o = open();
      o.writer().commit();
      o.searchers().maybeRefreshBlocking();
      return o.writerNumber();
    }
  }

  /** Whether anything was added, removed or marked since the last commit; false until opened. */
  public synchronized boolean hasUncommittedChanges() {
    return open != null && open.writer().hasUncommittedChanges();
  }

  /** The generation of the last commit: one more for each commit that wrote something. */
  long commitGeneration() throws IOException {
    return SegmentInfos.getLastCommitGeneration(open().directory());
  }

  /**
   * Records (with the next commit) whether the index holds the whole archive: set false when a
   * rebuild starts and true when it ends, so a rebuild cut short is started again.
   */
  public void complete(boolean complete) throws IOException {
    open().writer().setLiveCommitData(Map.of(COMPLETE, Boolean.toString(complete)).entrySet());
  }

  /** Whether the last commit says the index holds the whole archive; false for a new index. */
  public boolean isComplete() throws IOException {
    Iterable<Map.Entry<String, String>> data = open().writer().getLiveCommitData();
    if (data != null) {
      for (Map.Entry<String, String> e : data) {
        if (COMPLETE.equals(e.getKey())) {
          return Boolean.parseBoolean(e.getValue());
        }
      }
    }
    return false;
  }

  /** How many posts are indexed (committed or not). */
  public int size() throws IOException {
    return open().writer().getDocStats().numDocs;
  }

  private static Document document(Post post) {
    Document doc = new Document();
    doc.add(new StringField(POST, post.id().toString(), Field.Store.YES));
    doc.add(new LongPoint(GROUP, post.groupId()));
    doc.add(new StoredField(GROUP, post.groupId()));
    doc.add(new StoredField(TOPIC, post.topicId().value()));
    doc.add(new TextField(SUBJECT, nonNull(post.subject()), Field.Store.YES));
    doc.add(new TextField(FROM, nonNull(post.authorName()), Field.Store.YES));
    doc.add(new TextField(ADDRESS, nonNull(post.fromAddress()), Field.Store.NO));
    doc.add(new TextField(BODY, nonNull(post.bodyText()), Field.Store.NO));
    long date = post.shownAt().toEpochMilli();
    doc.add(new LongPoint(DATE, date));
    doc.add(new NumericDocValuesField(DATE, date));
    doc.add(new StoredField(DATE, date));
    doc.add(new StringField(MSGID, post.messageId().value(), Field.Store.YES));
    return doc;
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  /**
   * Searches the posts of the groups in {@code scope} (and only {@code groupId}, when given), best
   * match first, newer first among equals, reading dates as days in UTC.
   *
   * @param text the query as the person typed it; blank finds nothing
   */
  public Results search(String text, Scope scope, Optional<Long> groupId, int offset, int limit)
      throws IOException {
    return search(text, scope, groupId, ZoneId.of("UTC"), Order.RELEVANCE, offset, limit);
  }

  /**
   * Searches the posts of the groups in {@code scope} (and only {@code groupId}, when given).
   *
   * @param text the query as the person typed it; blank finds nothing, and only date operators find
   *     every post of their period
   * @param zone the time zone whose days the query's dates name (the viewer's)
   * @param order best match or newest first
   */
  public Results search(
      String text,
      Scope scope,
      Optional<Long> groupId,
      ZoneId zone,
      Order order,
      int offset,
      int limit)
      throws IOException {
    Deadline deadline = new Deadline(timeBudget);
    String q = text == null ? "" : text.strip();
    if (q.isEmpty()) {
      return Results.none(Optional.empty());
    }
    List<String> notices = new ArrayList<>();
    if (q.length() > MAX_QUERY_CHARS) {
      q = q.substring(0, MAX_QUERY_CHARS);
      notices.add(
          "The search was long; only its first " + MAX_QUERY_CHARS + " characters were used.");
    }
    // a date that is not one says so, even to a viewer who may read no group
    DateOperators.Split split;
    try {
      split = DateOperators.split(q, zone);
    } catch (DateOperators.Malformed e) {
      return Results.refused(e.getMessage());
    }
    Optional<String> conflict = split.conflict();
    if (conflict.isPresent()) {
      return Results.refused(conflict.get());
    }
    Set<Long> groups =
        groupId
            .map(g -> scope.readable().contains(g) ? Set.of(g) : Set.<Long>of())
            .orElse(scope.readable());
    if (groups.isEmpty()) {
      return Results.none(joined(notices));
    }
    String rest = firstWords(split.words().strip(), notices);
    Parsed parsed =
        rest.isEmpty()
            ? new Parsed(new MatchAllDocsQuery(), List.of())
            : parse(rest, scope.addressesShown());
    notices.addAll(parsed.notices());
    BooleanQuery.Builder filter = new BooleanQuery.Builder();
    filter.add(
        LongPoint.newSetQuery(GROUP, groups.stream().mapToLong(Long::longValue).toArray()),
        BooleanClause.Occur.FILTER);
    for (DateOperators.Period p : split.periods()) {
      filter.add(
          dates(p), p.excluded() ? BooleanClause.Occur.MUST_NOT : BooleanClause.Occur.FILTER);
    }
    Sort sort = order == Order.DATE ? BY_DATE : BY_RELEVANCE;
    try {
      return run(parsed.query(), filter.build(), sort, offset, limit, joined(notices), deadline);
    } catch (IndexSearcher.TooManyClauses e) {
      // a wildcard that expands to too many words: search the words as written
      notices.removeAll(parsed.notices());
      notices.add(TOO_BROAD);
      return run(words(rest), filter.build(), sort, offset, limit, joined(notices), deadline);
    }
  }

  private static Optional<String> joined(List<String> notices) {
    return notices.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", notices));
  }

  /**
   * The text up to its {@value #MAX_WORDS}th word (the operators {@code OR}, {@code AND} and {@code
   * NOT} are not words), with a notice when it had more. A cut through a quote or a bracket makes
   * the rest not parse, and so searched as words.
   */
  private String firstWords(String text, List<String> notices) {
    int n = 0;
    try (TokenStream ts = analyzer.tokenStream(BODY, text)) {
      OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        String written = text.substring(offset.startOffset(), offset.endOffset());
        if (written.equals("OR") || written.equals("AND") || written.equals("NOT")) {
          continue;
        }
        if (++n > MAX_WORDS) {
          notices.add(
              "The search had more than "
                  + MAX_WORDS
                  + " words; only its first "
                  + MAX_WORDS
                  + " were used.");
          String cut = text.substring(0, offset.startOffset());
          return TRAILING_OPERATORS.matcher(cut).replaceAll("");
        }
      }
      ts.end();
    } catch (IOException e) {
      throw new IllegalStateException("cannot analyse a query held in memory", e);
    }
    return text;
  }

  /**
   * A search's time budget, as Lucene asks for it: spent once the searching thread has used the
   * budget's worth of CPU time since the search began, or ten times as much wall-clock time (a
   * machine so loaded that a search waits that long is better relieved of it). Cheap to ask: until
   * the budget's worth of wall-clock time has passed, the thread cannot have used more CPU.
   */
  static final class Deadline implements QueryTimeout {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long CPU_CHECK_EVERY = Duration.ofMillis(1).toNanos();

    private final long budget;
    private final long wall;
    private final long start = System.nanoTime();
    private final long thread = Thread.currentThread().threadId();
    private final long cpuStart;
    private long nextCpuCheck;

    Deadline(Duration budget) {
      this.budget = budget.toNanos();
      this.wall = Math.multiplyExact(this.budget, 10);
      this.cpuStart = cpu();
    }

    private long cpu() {
      return THREADS.isThreadCpuTimeEnabled() ? THREADS.getThreadCpuTime(thread) : -1;
    }

    @Override
    public boolean shouldExit() {
      long elapsed = System.nanoTime() - start;
      if (elapsed < budget) {
        return false;
      }
      if (elapsed >= wall || cpuStart < 0) {
        return true;
      }
      if (elapsed < nextCpuCheck) {
        return false;
      }
      nextCpuCheck = elapsed + CPU_CHECK_EVERY;
      long used = cpu() - cpuStart;
      return used < 0 || used >= budget;
    }
  }

  /** The posts shown with a date in the period: by the points, or the doc values when fewer. */
  private static Query dates(DateOperators.Period p) {
    long from = p.from().map(Instant::toEpochMilli).orElse(Long.MIN_VALUE);
    long last = p.until().map(u -> u.toEpochMilli() - 1).orElse(Long.MAX_VALUE);
    return new IndexOrDocValuesQuery(
        LongPoint.newRangeQuery(DATE, from, last),
        NumericDocValuesField.newSlowRangeQuery(DATE, from, last));
  }

  private static final String SYNTAX =
      "The search had a stray quote, bracket or operator, so its words were searched for"
          + " instead.";
  private static final String TOO_BROAD =
      "A wildcard in the search matched too many words, so its words were searched for instead.";

  /**
   * Runs the query within its deadline: Lucene's enumeration of the index's words (wildcards, fuzzy
   * words) through an {@link ExitableDirectoryReader}, which throws when time is up, and the
   * collecting of hits through {@link IndexSearcher#setTimeout}, which keeps the hits found so far.
   */
  private Results run(
      Query query,
      Query filter,
      Sort sort,
      int offset,
      int limit,
      Optional<String> notice,
      Deadline deadline)
      throws IOException {
    Query full =
        new BooleanQuery.Builder()
            .add(query, BooleanClause.Occur.MUST)
            .add(filter, BooleanClause.Occur.FILTER)
            .build();
    int from = Math.max(0, offset);
    int n = Math.max(1, limit);
    SearcherManager searchers = open().searchers();
    IndexSearcher acquired = searchers.acquire();
    try {
      QueryTimeout timeout = deadline;
      IndexSearcher s =
          new IndexSearcher(
              ExitableDirectoryReader.wrap((DirectoryReader) acquired.getIndexReader(), timeout));
      s.setTimeout(timeout);
      TopFieldDocs top;
      long total;
      try {
        top = s.search(full, from + n, sort, false);
        total =
            top.totalHits.relation() == TotalHits.Relation.EQUAL_TO || s.timedOut()
                ? top.totalHits.value()
                : s.count(full);
      } catch (ExitableDirectoryReader.ExitingReaderException e) {
        log.info("a search ran out of its time budget ({}) among the index's words", timeBudget);
        return new Results(List.of(), 0, notice, Optional.empty(), true);
      }
      boolean stopped = s.timedOut();
      if (stopped) {
        log.info("a search ran out of its time budget ({}) collecting hits", timeBudget);
      }
      StoredFields stored = s.storedFields();
      List<Document> docs = new ArrayList<>();
      List<PostId> ids = new ArrayList<>();
      for (int i = from; i < top.scoreDocs.length; i++) {
        Document d = stored.document(top.scoreDocs[i].doc);
        docs.add(d);
        ids.add(new PostId(Long.parseLong(d.get(POST))));
      }
      Map<PostId, String> text = ids.isEmpty() ? Map.of() : bodies.of(ids);
      List<Hit> hits = new ArrayList<>();
      for (int i = 0; i < docs.size(); i++) {
        Document d = docs.get(i);
        hits.add(
            new Hit(
                ids.get(i),
                new TopicId(d.getField(TOPIC).numericValue().longValue()),
                d.getField(GROUP).numericValue().longValue(),
                new MessageId(d.get(MSGID)),
                snippets.whole(SUBJECT, query, d.get(SUBJECT)),
                d.get(FROM),
                Instant.ofEpochMilli(d.getField(DATE).numericValue().longValue()),
                snippets.passage(BODY, query, text.get(ids.get(i)))));
      }
      return new Results(hits, total, notice, Optional.empty(), stopped);
    } finally {
      searchers.release(acquired);
    }
  }

  private Parsed parse(String q, Set<Long> addressGroups) {
    Parser parser = new Parser(analyzer, addressGroups);
    try {
      Query query = parser.parse(q);
      return new Parsed(onlyExclusions(query), List.copyOf(parser.notices));
    } catch (ParseException | RuntimeException e) {
      // classic syntax is easy to get wrong ("unclosed, AND OR, a:b:c); never an error page
      return new Parsed(words(q), List.of(SYNTAX));
    }
  }

  /** "-spam" alone matches nothing in Lucene; a person means "everything but spam". */
  private static Query onlyExclusions(Query query) {
    if (query instanceof BooleanQuery b
        && !b.clauses().isEmpty()
        && b.clauses().stream().allMatch(c -> c.occur() == BooleanClause.Occur.MUST_NOT)) {
      BooleanQuery.Builder out = new BooleanQuery.Builder();
      out.add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST);
      b.clauses().forEach(out::add);
      return out.build();
    }
    return query;
  }

  /** Every word of the text, each in the subject, author or body: the fallback for bad syntax. */
  Query words(String q) {
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    int n = 0;
    try (TokenStream ts = analyzer.tokenStream(BODY, q)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken() && n < MAX_WORDS) {
        String w = term.toString();
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (String f : DEFAULT_FIELDS) {
          any.add(new TermQuery(new Term(f, w)), BooleanClause.Occur.SHOULD);
        }
        all.add(any.build(), BooleanClause.Occur.MUST);
        n++;
      }
      ts.end();
    } catch (IOException e) {
      throw new IllegalStateException("cannot analyse a query held in memory", e);
    }
    return n == 0 ? new MatchNoDocsQuery("no words") : all.build();
  }

  /**
   * The classic query parser over subject, author and body, with our fields and their rules, and
   * the bounds on the forms that make Lucene enumerate the index's words (see the class comment).
   * One parser per search: it collects the notices of that search.
   */
  private static final class Parser extends MultiFieldQueryParser {
    private final Set<Long> addressGroups;
    final Set<String> notices = new LinkedHashSet<>();
    private int patterns; // wildcard and fuzzy words so far
    private boolean nested; // inside one written word's expansion over the default fields

    Parser(Analyzer analyzer, Set<Long> addressGroups) {
      super(DEFAULT_FIELDS, analyzer, BOOSTS);
      this.addressGroups = addressGroups;
      setDefaultOperator(QueryParser.Operator.AND);
      // "ada@example.com" or "foo-bar" is one thing typed, so its words must be together
      setSplitOnWhitespace(true);
      setAutoGeneratePhraseQueries(true);
      setAllowLeadingWildcard(false);
      setFuzzyPrefixLength(FUZZY_PREFIX);
    }

    /** A field we do not know ("re: hello", "http://…") is searched as words. */
    private String known(String field) {
      return field == null || QUERY_FIELDS.contains(field) ? field : null;
    }

    @Override
    protected Query getFieldQuery(String field, String text, int slop) throws ParseException {
      return super.getFieldQuery(field, text, Math.min(slop, MAX_SLOP));
    }

    @Override
    protected Query getFieldQuery(String field, String text, boolean quoted) throws ParseException {
      if (field != null && !QUERY_FIELDS.contains(field)) {
        if (quoted) {
          return super.getFieldQuery(null, field + " " + text, true);
        }
        BooleanQuery.Builder both = new BooleanQuery.Builder();
        for (String part : List.of(field, text)) {
          Query q = super.getFieldQuery(null, part, false);
          if (q != null) {
            both.add(q, BooleanClause.Occur.MUST);
          }
        }
        return both.build();
      }
      if (MSGID.equals(field)) {
        try {
          return new TermQuery(new Term(MSGID, MessageId.of(text).value()));
        } catch (IllegalArgumentException e) {
          return new MatchNoDocsQuery("not a Message-ID");
        }
      }
      if (FROM.equals(field)) {
        Query name = super.getFieldQuery(FROM, text, quoted);
        Query address = super.getFieldQuery(ADDRESS, text, quoted);
        if (address == null || addressGroups.isEmpty()) {
          return name;
        }
        BooleanQuery.Builder either = new BooleanQuery.Builder();
        if (name != null) {
          either.add(name, BooleanClause.Occur.SHOULD);
        }
        either.add(
            new BooleanQuery.Builder()
                .add(address, BooleanClause.Occur.MUST)
                .add(
                    LongPoint.newSetQuery(
                        GROUP, addressGroups.stream().mapToLong(Long::longValue).toArray()),
                    BooleanClause.Occur.FILTER)
                .build(),
            BooleanClause.Occur.SHOULD);
        return either.build();
      }
      return super.getFieldQuery(field, text, quoted);
    }

    /**
     * The words of the text, each as if typed alone, all required; null when it has none. What a
     * form we do not run (a regular expression, a range, a wildcard breaking a rule) becomes.
     */
    private Query plain(String field, String text) throws ParseException {
      BooleanQuery.Builder all = new BooleanQuery.Builder();
      Query last = null;
      int n = 0;
      for (String part : text.strip().split("\\s+")) {
        Query q = part.isEmpty() ? null : getFieldQuery(known(field), part, false);
        if (q != null) {
          all.add(q, BooleanClause.Occur.MUST);
          last = q;
          n++;
        }
      }
      return n == 0 ? null : n == 1 ? last : all.build();
    }

    /** A query built by Lucene's parser, which may throw its exception. */
    @FunctionalInterface
    private interface Lucene {
      Query build() throws ParseException;
    }

    /**
     * A wildcard or fuzzy word, within the rules: else its letters as a plain word, with a notice.
     * The default fields' parser calls back once per field; those calls pass straight through.
     *
     * @param literal how many characters come before the first wildcard
     * @param written the word as typed, for the notice
     * @param letters the word without its wildcards, searched when it breaks a rule
     */
    private Query pattern(String field, int literal, String written, String letters, Lucene lucene)
        throws ParseException {
      if (nested) {
        return lucene.build();
      }
      nested = true;
      try {
        if (literal < MIN_PATTERN_PREFIX) {
          notices.add(
              "A wildcard needs at least "
                  + MIN_PATTERN_PREFIX
                  + " letters before its first * or ?, so "
                  + shown(written)
                  + " was searched as a plain word.");
          return plain(field, letters);
        }
        if (++patterns > MAX_PATTERNS) {
          notices.add(
              "A search may have at most "
                  + MAX_PATTERNS
                  + " words with a wildcard (* or ?) or ~; the others were searched as plain"
                  + " words.");
          return plain(field, letters);
        }
        try {
          return lucene.build();
        } catch (TooComplexToDeterminizeException e) {
          notices.add(
              "The wildcard " + shown(written) + " was too complex, so it was searched as words.");
          return plain(field, letters);
        }
      } finally {
        nested = false;
      }
    }

    /** What the person wrote, shortened for a notice. */
    private static String shown(String written) {
      return written.length() > 40 ? written.substring(0, 40) + "…" : written;
    }

    /** How many characters come before the first unescaped {@code *} or {@code ?}. */
    private static int literalPrefix(String wildcard) {
      int n = 0;
      for (int i = 0; i < wildcard.length(); i++) {
        char c = wildcard.charAt(i);
        if (c == '*' || c == '?') {
          break;
        }
        if (c == '\\') {
          i++;
        }
        n++;
      }
      return n;
    }

    @Override
    protected Query getFuzzyQuery(String field, String termStr, float minSimilarity)
        throws ParseException {
      return pattern(
          field,
          Integer.MAX_VALUE,
          termStr + "~",
          termStr,
          () -> super.getFuzzyQuery(known(field), termStr, minSimilarity));
    }

    @Override
    protected Query getPrefixQuery(String field, String termStr) throws ParseException {
      return pattern(
          field,
          termStr.length(),
          termStr + "*",
          termStr,
          () -> super.getPrefixQuery(known(field), termStr));
    }

    @Override
    protected Query getWildcardQuery(String field, String termStr) throws ParseException {
      return pattern(
          field,
          literalPrefix(termStr),
          termStr,
          termStr.replaceAll("[*?]", " ").replace("\\", ""),
          () -> super.getWildcardQuery(known(field), termStr));
    }

    /** Never compiled: a regular expression can take a core and gigabytes to build. */
    @Override
    protected Query getRegexpQuery(String field, String termStr) throws ParseException {
      if (REGEX_SYNTAX.matcher(termStr).find()) {
        notices.add(
            "Regular expressions are not supported, so /"
                + shown(termStr)
                + "/ was searched as words.");
      }
      return plain(field, termStr.replace('/', ' '));
    }

    /** Never run: a range of words ([a TO z]) may enumerate all the index's words. */
    @Override
    protected Query getRangeQuery(
        String field, String part1, String part2, boolean startInclusive, boolean endInclusive)
        throws ParseException {
      notices.add("Ranges of words ([a TO b]) are not supported, so their words were searched.");
      return plain(field, (part1 == null ? "" : part1) + " " + (part2 == null ? "" : part2));
    }
  }

  /** The operators left at the end of a text cut after a word, which would not parse. */
  private static final Pattern TRAILING_OPERATORS =
      Pattern.compile("(?:\\s+(?:OR|AND|NOT|&&|\\|\\||[-+!]))*\\s*$");

  /** What makes the text between two slashes a regular expression, not a path such as /usr/bin/. */
  private static final Pattern REGEX_SYNTAX = Pattern.compile("[\\[\\](){}*+?|^$\\\\]");

  /** Closes what a writer that failed for good left open, logging what will not close. */
  private static void closeQuietly(Open o) {
    try {
      o.searchers().close();
    } catch (IOException | RuntimeException e) {
      log.debug("closing the searchers of a failed writer", e);
    }
    try {
      o.writer().close();
    } catch (IOException | RuntimeException e) {
      log.debug("closing a failed writer", e);
    }
    try {
      o.directory().close();
    } catch (IOException | RuntimeException e) {
      log.debug("closing the directory of a failed writer", e);
    }
  }

  /** Closes the index, dropping what was not committed (commit first to keep it). */
  @Override
  public synchronized void close() throws IOException {
    closed = true;
    if (open != null) {
      try {
        open.searchers().close();
        open.writer().close();
      } finally {
        open.directory().close();
        open = null;
      }
    }
  }
}
