package org.parley.group;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Whether and how members' copies of a post carry the group's address in {@code From} instead of
 * the author's (DMARC mitigation, RFC 7960 §4.1.3): a copy that keeps the From of an author whose
 * domain publishes {@code p=reject} or {@code p=quarantine} fails DMARC at every receiver, for the
 * list changes the message and removes the author's signature, and is refused or junked.
 *
 * @param when whether copies are rewritten: only for such authors (and when their policy could not
 *     be looked up), for every author, or never
 * @param style how: the From replaced by {@code "'Ann' via Group" <group@…>} ("munge", as Google
 *     Groups does), or the post attached whole as {@code message/rfc822} to a message from the
 *     group ("wrap")
 * @param authorIn where a rewritten copy names the author, so replies can reach them: {@code
 *     Reply-To} or {@code Cc}; {@code X-Original-From} names them always
 */
public record FromRewriting(When when, Style style, AuthorIn authorIn) {
  /** A new group's: only when needed, munged, the author in Reply-To (Google Groups' way). */
  public static final FromRewriting DEFAULT =
      new FromRewriting(When.WHEN_NEEDED, Style.MUNGE, AuthorIn.REPLY_TO);

  public FromRewriting {
    when = when == null ? DEFAULT.when : when;
    style = style == null ? DEFAULT.style : style;
    authorIn = authorIn == null ? DEFAULT.authorIn : authorIn;
  }

  public FromRewriting when(When value) {
    return new FromRewriting(value, style, authorIn);
  }

  public FromRewriting style(Style value) {
    return new FromRewriting(when, value, authorIn);
  }

  public FromRewriting authorIn(AuthorIn value) {
    return new FromRewriting(when, style, value);
  }

  /**
   * When copies carry the group's address in From. Words as in {@code site_groups.from_rewrite}.
   */
  public enum When {
    /** For authors whose domain publishes p=reject or p=quarantine, or whose policy is unknown. */
    WHEN_NEEDED("when-needed"),
    /** For every author. */
    ALWAYS("always"),
    /** Never: copies keep the author's From, and receivers may refuse them. */
    NEVER("never");

    private final String word;

    When(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }

    public static When of(String word) {
      return FromRewriting.of(When.class, values(), word, "from-rewrite");
    }

    @Override
    public String toString() {
      return word;
    }
  }

  /** How a copy is rewritten. Words as in {@code site_groups.from_style}. */
  public enum Style {
    /** The From field replaced by the group's address with the author's name. */
    MUNGE("munge"),
    /** The post attached whole, its own From and signature intact, to a message from the group. */
    WRAP("wrap");

    private final String word;

    Style(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }

    public static Style of(String word) {
      return FromRewriting.of(Style.class, values(), word, "from-style");
    }

    @Override
    public String toString() {
      return word;
    }
  }

  /** Where a rewritten copy names its author. Words as in {@code site_groups.author_in}. */
  public enum AuthorIn {
    /** In Reply-To, so a plain Reply reaches the author (unless replies go to the group). */
    REPLY_TO("reply-to"),
    /** In Cc, so Reply All reaches the author. */
    CC("cc");

    private final String word;

    AuthorIn(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }

    public static AuthorIn of(String word) {
      return FromRewriting.of(AuthorIn.class, values(), word, "author-in");
    }

    @Override
    public String toString() {
      return word;
    }
  }

  private static <E extends Enum<E>> E of(Class<E> type, E[] values, String word, String setting) {
    for (E e : values) {
      if (e.toString().equals(word)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        setting
            + " must be "
            + Arrays.stream(values).map(Object::toString).collect(Collectors.joining(", "))
            + ", not "
            + word);
  }
}
