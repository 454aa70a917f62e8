package dev.mode.cli;

/** Exit code and message of commands that a later issue delivers. */
final class NotYetImplemented {
  private NotYetImplemented() {}

  static int report(String command) {
    System.err.println("mode " + command + ": not yet implemented");
    return 2;
  }
}
