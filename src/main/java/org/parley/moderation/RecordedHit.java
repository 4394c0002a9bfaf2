package org.parley.moderation;

/** A rule's hit as it is stored with a held message: the rule's id and what it found. */
public record RecordedHit(String rule, String reason) {
  /** The hit as stored. */
  public static RecordedHit of(Check.Hit hit) {
    return new RecordedHit(hit.rule(), hit.reason());
  }
}
