package org.parley.smtp;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many bytes of messages a listener's sessions may hold in memory at once, together: a message
 * is read whole into memory before it is parsed and archived, so a few hundred clients sending
 * messages at the size limit together would otherwise exhaust the heap and take every session, and
 * the archive, down with them. A session that cannot reserve room for the message it is reading
 * reads it to its end without keeping it and answers {@code 452 4.3.1}, so the sender tries again
 * later; memory comes back as earlier messages are archived.
 */
final class BodyBudget {
  private final long limit;
  private final AtomicLong used = new AtomicLong();

  BodyBudget(long limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("a budget must be positive: " + limit);
    }
    this.limit = limit;
  }

  /**
   * A quarter of this JVM's heap, and at least room for two messages at the size limit (while they
   * are read, their buffers may hold twice their size): reading, parsing and archiving a message
   * take several times its size in all.
   */
  static BodyBudget forThisJvm(long maxMessageBytes) {
    return new BodyBudget(
        Math.max(Runtime.getRuntime().maxMemory() / 4, 4 * maxMessageBytes + DataReader.CHUNK));
  }

  /** Takes {@code bytes} of the budget if they are free; false, taking nothing, if not. */
  boolean reserve(long bytes) {
    while (true) {
      long now = used.get();
      if (now + bytes > limit) {
        return false;
      }
      if (used.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  /** How many bytes are taken now. */
  long used() {
    return used.get();
  }
}
