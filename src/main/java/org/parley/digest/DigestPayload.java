package org.parley.digest;

import java.time.Instant;
import org.parley.account.AccountId;
import org.parley.jobs.PermanentJobFailure;

/**
 * The payload of a {@value DigestJob#KIND} job: the owed digest it makes, by the key of its row in
 * {@code digests} (group, member's account, start of the period), written {@code "<group> <account>
 * <start millis>"}.
 */
record DigestPayload(long groupId, AccountId accountId, Instant periodStart) {

  String encode() {
    return groupId + " " + accountId.value() + " " + periodStart.toEpochMilli();
  }

  /**
   * @throws PermanentJobFailure for a payload that is not one: it would fail at every attempt
   */
  static DigestPayload parse(String payload) throws PermanentJobFailure {
    String[] words = payload == null ? new String[0] : payload.strip().split(" ");
    if (words.length != 3) {
      throw new PermanentJobFailure("not a digest's payload: " + payload);
    }
    try {
      return new DigestPayload(
          Long.parseLong(words[0]),
          new AccountId(Long.parseLong(words[1])),
          Instant.ofEpochMilli(Long.parseLong(words[2])));
    } catch (NumberFormatException e) {
      throw new PermanentJobFailure("not a digest's payload: " + payload);
    }
  }
}
