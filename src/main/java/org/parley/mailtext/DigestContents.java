package org.parley.mailtext;

import java.util.List;

/**
 * The first part of a MIME digest: its table of contents, in the layout of RFC 1153 §4 where it
 * helps a reader of the plain text ("Today's Topics:", then one numbered line per message with its
 * subject and author), so a mail program that shows only the first part still tells what is in it.
 *
 * @param groupTitle the group's title
 * @param period the period the digest covers, as words ("Tue, 2 Dec 2025")
 * @param part which part this is of a digest split for size, from 1
 * @param parts how many parts the digest was split into (1: not split)
 * @param entries the messages of this part, in order
 * @param groupAddress the group's posting address
 */
public record DigestContents(
    String groupTitle, String period, int part, int parts, List<Entry> entries, String groupAddress)
    implements MailText {

  /** One message of the digest: its number in the whole digest, subject and author. */
  public record Entry(int number, String subject, String author) {}

  public DigestContents {
    entries = List.copyOf(entries);
  }

  /** Whether the digest was split into parts for size. */
  public boolean split() {
    return parts > 1;
  }

  @Override
  public String template() {
    return "mail/digest-contents.jte";
  }
}
