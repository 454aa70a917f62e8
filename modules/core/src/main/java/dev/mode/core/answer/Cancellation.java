package dev.mode.core.answer;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A flag a caller sets to stop work early: generators check it between tokens, and an index update checks it before
 * it publishes. An update that has started publishing can no longer be cancelled ({@link #commit()}), so a caller
 * whose {@link #cancel()} returns false knows the work will finish and take effect.
 */
public final class Cancellation {
  private static final int RUNNING = 0;
  private static final int CANCELLED = 1;
  private static final int COMMITTED = 2;

  private final AtomicInteger state = new AtomicInteger(RUNNING);

  /** Asks the work to stop; false if it is already past the point where it can (see {@link #commit()}). */
  public boolean cancel() {
    return state.compareAndExchange(RUNNING, CANCELLED) != COMMITTED;
  }

  public boolean isCancelled() {
    return state.get() == CANCELLED;
  }

  /**
   * Called by the work as it starts what it must finish (publishing an index generation): true if it may go on,
   * false if it was cancelled first, in which case it must stop without taking effect.
   */
  public boolean commit() {
    return state.compareAndExchange(RUNNING, COMMITTED) != CANCELLED;
  }
}
