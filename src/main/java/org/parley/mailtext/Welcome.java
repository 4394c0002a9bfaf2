package org.parley.mailtext;

/**
 * The mail a new member gets: which group they joined, how to post and leave, and the welcome text
 * its owners wrote (the group's welcome setting).
 *
 * @param groupTitle the group's title
 * @param groupAddress the group's posting address
 * @param groupUrl the group's page, whole
 * @param welcome the owners' welcome text; empty when they wrote none
 */
public record Welcome(String groupTitle, String groupAddress, String groupUrl, String welcome)
    implements MailText {
  /** Whether the owners wrote a welcome text. */
  public boolean hasWelcome() {
    return !welcome.isBlank();
  }

  /** The welcome text with its line ends made plain. */
  public String welcomeText() {
    return welcome.strip().replace("\r\n", "\n");
  }

  @Override
  public String template() {
    return "mail/welcome.jte";
  }
}
