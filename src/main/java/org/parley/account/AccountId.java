package org.parley.account;

/** The store's key of one account. */
public record AccountId(long value) {
  @Override
  public String toString() {
    return Long.toString(value);
  }
}
