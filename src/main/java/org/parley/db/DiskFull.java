package org.parley.db;

/**
 * Tells a failure for lack of disk space (RELIABILITY A2) from any other: SQLite's {@code
 * SQLITE_FULL} ("database or disk is full"), or the operating system's "No space left on device"
 * (ENOSPC) from a file write, as the failure itself, its causes or what they suppressed. Such a
 * failure is cured by room, not by a fix: what failed is tried again, and never given up for it.
 */
public final class DiskFull {
  private DiskFull() {}

  /** Whether {@code e}, or anything it was caused by, says the disk is full. */
  public static boolean in(Throwable e) {
    return in(e, 0);
  }

  private static boolean in(Throwable e, int depth) {
    for (Throwable t = e; t != null && depth < 32; t = t.getCause() == t ? null : t.getCause()) {
      depth++;
      String m = t.getMessage();
      if (m != null
          && (m.contains("SQLITE_FULL")
              || m.contains("database or disk is full")
              || m.contains("No space left on device"))) {
        return true;
      }
      for (Throwable s : t.getSuppressed()) {
        if (in(s, depth)) {
          return true;
        }
      }
    }
    return false;
  }
}
