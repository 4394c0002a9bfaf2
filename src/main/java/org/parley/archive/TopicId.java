package org.parley.archive;

/** The store's key of one topic (a conversation); it is also the number in {@code /t/<id>/}. */
public record TopicId(long value) {
  @Override
  public String toString() {
    return Long.toString(value);
  }
}
