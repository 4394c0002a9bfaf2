package org.parley.mailtext;

import java.util.List;

/**
 * The abridged summary of a period (delivery mode {@code abridged}): each topic with new posts,
 * with its subject, its link, who wrote, and the first lines of each new post; then the {@link
 * DigestFooter}'s links.
 *
 * @param groupTitle the group's title
 * @param period the period the summary covers, as words
 * @param posts how many posts the summary lists
 * @param topics the topics with new posts, in the order of their first new post
 * @param footer the links at the end
 */
public record AbridgedDigest(
    String groupTitle, String period, int posts, List<Topic> topics, DigestFooter footer)
    implements MailText {

  /**
   * One topic with new posts.
   *
   * @param authors who wrote the new posts, each once, in order
   * @param url the absolute link to the conversation
   */
  public record Topic(String subject, String url, String authors, List<Line> posts) {
    public Topic {
      posts = List.copyOf(posts);
    }
  }

  /** One new post: its author and its first lines (a snippet, quotes and signature left out). */
  public record Line(String author, String firstLines) {}

  public AbridgedDigest {
    topics = List.copyOf(topics);
  }

  @Override
  public String template() {
    return "mail/abridged-digest.jte";
  }
}
