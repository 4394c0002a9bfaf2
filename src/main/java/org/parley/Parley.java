package org.parley;

/** Entry point: hands the arguments to the command line. */
public final class Parley {
  private Parley() {}

  public static void main(String[] args) {
    System.exit(org.parley.cli.Cli.run(args));
  }
}
