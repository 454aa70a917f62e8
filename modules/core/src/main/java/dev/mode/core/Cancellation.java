package dev.mode.core;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A flag a caller sets to stop work early. A generation ({@link ModeEngine#askStreaming}) checks it between pieces of
 * text, and the answer then ends with stop reason {@code cancelled}. An index update ({@link ModeEngine#add(java.util.List,
 * Cancellation)}, {@link ModeEngine#delete(String, Cancellation)}) checks it before it publishes; once it has started
 * publishing it can no longer be cancelled ({@link #commit()}), so a caller whose {@link #cancel()} returns false knows
 * the update will take effect. Safe to use from any thread.
 */
public final class Cancellation {
  private static final int RUNNING = 0;
  private static final int CANCELLED = 1;
  private static final int COMMITTED = 2;

  private final AtomicInteger state = new AtomicInteger(RUNNING);

  /** A flag not yet set. */
  public Cancellation() {}

  /** Asks the work to stop; false if it is already past the point where it can (see {@link #commit()}). */
  public boolean cancel() {
    return state.compareAndExchange(RUNNING, CANCELLED) != COMMITTED;
  }

  /** Whether {@link #cancel} was called before the work committed. */
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
