package org.parley.mailauth;

import java.util.List;

/** What a TXT look-up gave: records, none (the name or the type does not exist), or no answer. */
public sealed interface TxtAnswer {
  /** The name has TXT records; each is its character-strings joined. */
  record Found(List<String> records) implements TxtAnswer {
    public Found {
      records = List.copyOf(records);
    }
  }

  /** The name does not exist, or has no TXT record (NXDOMAIN or NODATA). */
  record None() implements TxtAnswer {}

  /** The look-up failed (timeout, SERVFAIL): trying later may give an answer. */
  record TempError(String reason) implements TxtAnswer {}
}
