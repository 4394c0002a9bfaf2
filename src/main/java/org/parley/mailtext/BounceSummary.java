package org.parley.mailtext;

import java.util.List;

/**
 * The weekly summary to a group's owners of the members whose delivery bounces disabled, and of
 * those removed after their warnings.
 *
 * @param groupTitle the group's title
 * @param groupAddress the group's posting address
 * @param lines one line per member, oldest first
 * @param membersUrl the absolute link to the group's members page
 */
public record BounceSummary(
    String groupTitle, String groupAddress, List<Line> lines, String membersUrl)
    implements MailText {

  /**
   * One member in the summary.
   *
   * @param address the member's address
   * @param what {@code disabled} or {@code removed}
   * @param day the day it happened (UTC), such as {@code 2026-12-05}
   * @param why the last failure the reports gave (status and the remote server's words), or empty
   */
  public record Line(String address, String what, String day, String why) {}

  public BounceSummary {
    lines = List.copyOf(lines);
  }

  @Override
  public String template() {
    return "mail/bounce-summary.jte";
  }
}
