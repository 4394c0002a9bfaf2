package org.parley.delivery;

import org.parley.jobs.PermanentJobFailure;

/**
 * The payload of an {@link OutgoingMail} job: the number of the message in {@code outgoing_mail},
 * kept in decimal.
 */
public record OutgoingMailPayload(long id) {
  /** The payload as the jobs table keeps it. */
  public String encode() {
    return Long.toString(id);
  }

  /**
   * Reads a payload as {@link #encode} writes it.
   *
   * @throws PermanentJobFailure for anything else: running such a job again cannot help
   */
  public static OutgoingMailPayload parse(String payload) throws PermanentJobFailure {
    try {
      return new OutgoingMailPayload(Long.parseLong(payload));
    } catch (NumberFormatException e) {
      throw new PermanentJobFailure(
          "a send-mail job's payload is an outgoing_mail id, not " + payload);
    }
  }
}
