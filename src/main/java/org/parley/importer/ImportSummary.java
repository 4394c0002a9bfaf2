package org.parley.importer;

import java.util.Map;

/**
 * What an import did, message by message.
 *
 * @param imported messages archived as new posts
 * @param duplicates messages already in the archive (same Message-ID, same bytes): nothing changed
 * @param refused messages the group's rules or the parser refused, counted by reason ("rule:
 *     sentence")
 * @param held messages held for the group's moderators
 * @param failed messages the archive could not store (counted by reason); running the import again
 *     tries them again
 * @param files the files read
 * @param skipped files found in the directories named that hold no mail
 */
public record ImportSummary(
    long imported,
    long duplicates,
    Map<String, Long> refused,
    long held,
    Map<String, Long> failed,
    int files,
    int skipped) {
  public ImportSummary {
    refused = Map.copyOf(refused);
    failed = Map.copyOf(failed);
  }

  /** Every message read, whatever became of it. */
  public long messages() {
    return imported + duplicates + held + total(refused) + total(failed);
  }

  public long refusedCount() {
    return total(refused);
  }

  public long failedCount() {
    return total(failed);
  }

  private static long total(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }
}
