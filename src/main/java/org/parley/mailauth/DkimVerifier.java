package org.parley.mailauth;

import java.util.List;

/** Checks the DKIM signatures of a message as it arrived. */
public interface DkimVerifier {
  /**
   * One result per {@code DKIM-Signature} field of {@code raw}, in the order of the fields; empty
   * when there are none. Never throws for a bad message or signature: that is a result.
   */
  List<DkimResult> verify(byte[] raw);
}
