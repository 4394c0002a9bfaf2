package org.parley.web;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A sliding-window counter per key: at most {@code max} events per {@code window}. Used for sign-up
 * mail (per address and per client address) and private mail (per sender and per recipient). Kept
 * in memory: a restart forgets it, which only ever lets a few more attempts through.
 */
public final class RateLimiter {
  private final Clock clock;
  private final int max;
  private final Duration window;
  private final ConcurrentMap<String, Deque<Long>> events = new ConcurrentHashMap<>();

  public RateLimiter(Clock clock, int max, Duration window) {
    this.clock = clock;
    this.max = max;
    this.window = window;
  }

  /** Whether {@code key} has used up its events in the current window. */
  public boolean exhausted(String key) {
    Deque<Long> d = events.get(key);
    if (d == null) {
      return false;
    }
    synchronized (d) {
      prune(d);
      return d.size() >= max;
    }
  }

  /** Counts one event for {@code key}. */
  public void record(String key) {
    Deque<Long> d = events.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (d) {
      prune(d);
      d.addLast(clock.millis());
    }
    if (events.size() > 100_000) {
      events.entrySet().removeIf(e -> e.getValue().isEmpty());
    }
  }

  /** Counts one event unless the key is exhausted; returns whether it was allowed. */
  public boolean tryAcquire(String key) {
    Deque<Long> d = events.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (d) {
      prune(d);
      if (d.size() >= max) {
        return false;
      }
      d.addLast(clock.millis());
      return true;
    }
  }

  private void prune(Deque<Long> d) {
    long cutoff = clock.millis() - window.toMillis();
    while (!d.isEmpty() && d.peekFirst() <= cutoff) {
      d.removeFirst();
    }
  }
}
