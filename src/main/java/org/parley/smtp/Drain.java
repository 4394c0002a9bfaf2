package org.parley.smtp;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Mail transactions under way on a listener, so that stopping lets them finish. A transaction
 * begins at MAIL and ends when its session resets it (after the answer to DATA, RSET, QUIT or a
 * lost connection). Once {@link #stop} has been called, no transaction begins: MAIL is answered 421
 * (RFC 5321 §3.8), and the sender comes back later; those already under way get their answers
 * first, up to a grace period that runs from {@link #stop}.
 */
final class Drain {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private int open; // guarded by lock
  private boolean closing; // guarded by lock
  private long deadline; // System.nanoTime() when the grace ends; guarded by lock

  /** Counts a new transaction; false once the listener is stopping. */
  boolean begin() {
    lock.lock();
    try {
      if (closing) {
        return false;
      }
      open++;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@link #stop} has been called: the listener takes nothing new. */
  boolean stopping() {
    lock.lock();
    try {
      return closing;
    } finally {
      lock.unlock();
    }
  }

  /** Ends a transaction that {@link #begin} counted. */
  void end() {
    lock.lock();
    try {
      if (--open == 0) {
        idle.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Lets no new transaction begin from now on, and gives those under way {@code grace} to end.
   * Calling it again changes nothing.
   */
  void stop(Duration grace) {
    lock.lock();
    try {
      if (!closing) {
        closing = true;
        deadline = System.nanoTime() + grace.toNanos();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * As {@link #stop}, then waits until the transactions under way have ended or the grace has
   * passed.
   *
   * @return how many were still under way when the wait ended (0 when all finished)
   */
  int close(Duration grace) {
    lock.lock();
    try {
      stop(grace);
      long left = deadline - System.nanoTime();
      while (open > 0 && left > 0) {
        left = idle.awaitNanos(left);
      }
      return open;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return open;
    } finally {
      lock.unlock();
    }
  }
}
