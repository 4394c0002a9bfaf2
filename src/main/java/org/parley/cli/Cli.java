package org.parley.cli;

/** The command line: picocli commands under one root. */
public final class Cli {
  private Cli() {}

  public static int run(String[] args) {
    return 0;
  }
}
