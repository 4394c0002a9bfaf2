package org.parley.delivery;

import org.parley.jobs.PermanentJobFailure;

/**
 * The payload of an {@link OwnerMail} job: the group whose owner address the message came to, and
 * the key of its bytes in the blob store. The jobs table keeps it as {@code <groupId>:<sha256>}, as
 * every earlier version wrote it.
 *
 * @param groupId the group's id in the store
 * @param blobKey the message's key in the blob store ({@code BlobStore.sha256} of its bytes)
 */
public record OwnerMailPayload(long groupId, String blobKey) {
  public OwnerMailPayload {
    if (blobKey.isEmpty() || blobKey.contains(":")) {
      throw new IllegalArgumentException("not a blob key: " + blobKey);
    }
  }

  /** The payload as the jobs table keeps it. */
  public String encode() {
    return groupId + ":" + blobKey;
  }

  /**
   * Reads a payload as {@link #encode} writes it.
   *
   * @throws PermanentJobFailure for anything else: running such a job again cannot help
   */
  public static OwnerMailPayload parse(String payload) throws PermanentJobFailure {
    String[] parts = payload.split(":", -1);
    if (parts.length == 2 && !parts[1].isEmpty()) {
      try {
        return new OwnerMailPayload(Long.parseLong(parts[0]), parts[1]);
      } catch (NumberFormatException e) {
        // refused below
      }
    }
    throw new PermanentJobFailure("an owner-mail job's payload is group:sha256, not " + payload);
  }
}
