package org.parley.jobs;

/** Thrown by a handler when retrying cannot help; the job is parked with this message. */
public final class PermanentJobFailure extends Exception {
  public PermanentJobFailure(String message) {
    super(message);
  }
}
