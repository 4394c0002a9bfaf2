package org.parley.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * A sliding-window counter per key: at most {@code max} events per {@code window}. Used for sign-up
 * mail (per address and per client address) and private mail (per sender and per recipient). Kept
 * in memory: a restart forgets it, which only ever lets a few more attempts through.
 *
 * <p>The keys come from visitors (addresses typed into a form), so their number is bounded: a key
 * is forgotten a window after its last use, and past {@link #MAX_KEYS} the least used go first
 * (Caffeine's W-TinyLFU keeps the keys an attacker keeps using, such as its own client address).
 * Each call costs the same however many keys there are.
 */
public final class RateLimiter {
  /** The most keys kept; a flood of new keys evicts rarely used ones, never scans them all. */
  public static final long MAX_KEYS = 100_000;

  private final Clock clock;
  private final int max;
  private final Duration window;
  private final Cache<String, Deque<Long>> events;

  public RateLimiter(Clock clock, int max, Duration window) {
    this.clock = clock;
    this.max = max;
    this.window = window;
    this.events =
        Caffeine.newBuilder()
            .maximumSize(MAX_KEYS)
            .expireAfterAccess(window)
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .executor(Runnable::run)
            .build();
  }

  /** Whether {@code key} has used up its events in the current window. */
  public boolean exhausted(String key) {
    Deque<Long> d =
        events
            .asMap()
            .computeIfPresent(
                key,
                (k, v) -> {
                  prune(v);
                  return v;
                });
    return d != null && d.size() >= max;
  }

  /** Counts one event for {@code key}. */
  public void record(String key) {
    events
        .asMap()
        .compute(
            key,
            (k, v) -> {
              Deque<Long> d = v == null ? new ArrayDeque<>() : v;
              prune(d);
              d.addLast(clock.millis());
              return d;
            });
  }

  /** Counts one event unless the key is exhausted; returns whether it was allowed. */
  public boolean tryAcquire(String key) {
    boolean[] allowed = {false};
    events
        .asMap()
        .compute(
            key,
            (k, v) -> {
              Deque<Long> d = v == null ? new ArrayDeque<>() : v;
              prune(d);
              if (d.size() < max) {
                d.addLast(clock.millis());
                allowed[0] = true;
              }
              return d;
            });
    return allowed[0];
  }

  /** How many keys are kept now (after pending evictions), for tests. */
  long keys() {
    events.cleanUp();
    return events.estimatedSize();
  }

  private void prune(Deque<Long> d) {
    long cutoff = clock.millis() - window.toMillis();
    while (!d.isEmpty() && d.peekFirst() <= cutoff) {
      d.removeFirst();
    }
  }
}
