package org.parley.web.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Slows password guessing without locking the rightful user out (RELIABILITY F6; OWASP
 * Authentication Cheat Sheet, "Login Throttling"). Failed sign-ins are counted per (account,
 * client), per account over all clients and per client over all accounts; each count, past a few
 * free failures, makes the next try wait 1 s, then 2, 4, 8 … up to 15 minutes after that client's
 * last failure. The account-wide count holds back only clients that have failed on the account
 * themselves, so a client that has not failed may always try, and a right password is never refused
 * because of another client's failures. A count is forgotten after an hour without failures; a
 * success forgets its (account, client) count. Refused tries are not checked and not counted. Kept
 * in memory: a restart forgets it.
 *
 * <p>The names come from the form, so the counts are bounded: past {@link #MAX_KEYS} the least used
 * go first (Caffeine's W-TinyLFU keeps what an attacker keeps using: its own client's count and the
 * account it attacks), and no call ever scans them all.
 *
 * <p>An account is named by the address typed (whether or not it has an account, so the answers do
 * not tell); a client by its address ({@code ctx.ip()}, which believes {@code X-Forwarded-For} only
 * from the configured trusted proxies).
 */
public final class SignInThrottle {
  /** Failures of one client on one account before it waits. */
  static final int FREE_PER_PAIR = 3;

  /** Failures on one account over all clients before clients that failed on it wait. */
  static final int FREE_PER_ACCOUNT = 10;

  /** Failures of one client over all accounts before it waits. */
  static final int FREE_PER_CLIENT = 20;

  static final Duration MAX_WAIT = Duration.ofMinutes(15);
  static final Duration FORGET = Duration.ofHours(1);
  static final int MAX_KEYS = 300_000;

  private record Count(int failures, long last) {}

  private final Clock clock;
  private final Cache<String, Count> cache;
  private final ConcurrentMap<String, Count> counts;

  public SignInThrottle(Clock clock) {
    this.clock = clock;
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(MAX_KEYS)
            .expireAfterWrite(FORGET)
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .executor(Runnable::run)
            .build();
    this.counts = cache.asMap();
  }

  /** How many counts are kept now (after pending evictions), for tests. */
  long keys() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /** How long {@code client} must wait before it may try {@code account}; zero when it may now. */
  public Duration wait(String account, String client) {
    long now = clock.millis();
    Count pair = live(pair(account, client), now);
    Count all = live("a:" + account, now);
    Count mine = live("c:" + client, now);
    long until = 0;
    if (pair != null) {
      until = Math.max(until, pair.last() + delay(pair.failures(), FREE_PER_PAIR));
      if (all != null) {
        until = Math.max(until, pair.last() + delay(all.failures(), FREE_PER_ACCOUNT));
      }
    }
    if (mine != null) {
      until = Math.max(until, mine.last() + delay(mine.failures(), FREE_PER_CLIENT));
    }
    return Duration.ofMillis(Math.max(0, until - now));
  }

  /** Counts a failed try of {@code client} on {@code account}. */
  public void failed(String account, String client) {
    long now = clock.millis();
    for (String key : new String[] {pair(account, client), "a:" + account, "c:" + client}) {
      counts.compute(
          key,
          (k, c) ->
              c == null || now - c.last() > FORGET.toMillis()
                  ? new Count(1, now)
                  : new Count(c.failures() + 1, now));
    }
  }

  /** Forgets the failures of {@code client} on {@code account}, after it signed in. */
  public void succeeded(String account, String client) {
    counts.remove(pair(account, client));
  }

  private Count live(String key, long now) {
    Count c = counts.get(key);
    return c == null || now - c.last() > FORGET.toMillis() ? null : c;
  }

  /**
   * The wait after {@code failures}, in ms: none up to {@code free}, then 1 s doubling to 15 min.
   */
  static long delay(int failures, int free) {
    if (failures < free) {
      return 0;
    }
    int doublings = Math.min(failures - free, 20);
    return Math.min(1000L << doublings, MAX_WAIT.toMillis());
  }

  private static String pair(String account, String client) {
    return "p:" + account + "|" + client;
  }
}
