package org.parley.mailtext;

/**
 * The notice to a member whose delivery was disabled because mail to their address bounced (the
 * copies, then the probe), and the warnings that repeat it before the membership is removed.
 *
 * @param groupTitle the group's title
 * @param groupAddress the group's posting address
 * @param warning which notice this is, from 1
 * @param warnings how many notices are sent before the membership is removed (0: it is not)
 * @param removalDate the day the membership is removed unless delivery is turned back on, such as
 *     {@code 2026-12-26} (empty when it is not removed)
 * @param settingsUrl the absolute link to the member's settings, where delivery is turned back on
 * @param ownerAddress where a reply reaches the people who run the group
 */
public record BounceDisabled(
    String groupTitle,
    String groupAddress,
    int warning,
    int warnings,
    String removalDate,
    String settingsUrl,
    String ownerAddress)
    implements MailText {
  @Override
  public String template() {
    return "mail/bounce-disabled.jte";
  }
}
