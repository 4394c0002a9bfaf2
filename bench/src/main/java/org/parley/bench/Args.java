package org.parley.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --key value} arguments with defaults. */
final class Args {
  private final Map<String, String> values = new HashMap<>();

  Args(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --key value pairs, not " + args[i]);
      }
      values.put(args[i].substring(2), args[++i]);
    }
  }

  String get(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  int integer(String key, int fallback) {
    return Integer.parseInt(get(key, Integer.toString(fallback)));
  }
}
