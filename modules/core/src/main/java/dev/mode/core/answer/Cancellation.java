package dev.mode.core.answer;

/** A flag a caller sets to stop a generation early; generators check it between tokens. */
public final class Cancellation {
  private volatile boolean cancelled;

  public void cancel() {
    cancelled = true;
  }

  public boolean isCancelled() {
    return cancelled;
  }
}
