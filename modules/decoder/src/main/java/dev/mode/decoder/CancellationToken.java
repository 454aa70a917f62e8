package dev.mode.decoder;

/** Lets another thread stop a running generation between two decode steps. */
public final class CancellationToken {
    private volatile boolean cancelled;

    /** Requests cancellation; the generation ends with {@link StopReason#CANCELLED}. */
    public void cancel() {
        cancelled = true;
    }

    /** @return whether {@link #cancel()} was called */
    public boolean isCancelled() {
        return cancelled;
    }
}
