package org.parley.archive;

/** The store's key of one post. */
public record PostId(long value) {
  @Override
  public String toString() {
    return Long.toString(value);
  }
}
