package dev.mode.core;

/**
 * A flag a caller sets to stop a generation early ({@link ModeEngine#askStreaming}); generators check it between
 * pieces of text, and the answer then ends with stop reason {@code cancelled}. Safe to set from any thread.
 */
public final class Cancellation {
  private volatile boolean cancelled;

  /** A flag not yet set. */
  public Cancellation() {}

  /** Asks the generation to stop; it does so before its next piece of text. */
  public void cancel() {
    cancelled = true;
  }

  /** Whether {@link #cancel} was called. */
  public boolean isCancelled() {
    return cancelled;
  }
}
