package org.parley;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Entry point: sends java.util.logging (Lucene's) to our log, then hands the arguments to the
 * command line.
 */
public final class Parley {
  private Parley() {}

  public static void main(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(org.parley.cli.Cli.run(args));
  }
}
