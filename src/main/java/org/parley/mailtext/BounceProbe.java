package org.parley.mailtext;

/**
 * A probe: the mail sent to a member whose copies keep bouncing, with a return path of its own, so
 * that if it bounces too the bounce is known as the probe's and the member's delivery is disabled.
 * It asks nothing of the member: if it arrives, the address works again.
 *
 * @param groupTitle the group's title
 * @param groupAddress the group's posting address
 * @param score the member's bounce score
 * @param settingsUrl the absolute link to the member's settings for the group
 * @param ownerAddress where a reply reaches the people who run the group
 */
public record BounceProbe(
    String groupTitle, String groupAddress, int score, String settingsUrl, String ownerAddress)
    implements MailText {
  @Override
  public String template() {
    return "mail/bounce-probe.jte";
  }
}
