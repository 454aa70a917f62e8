package dev.mode.api;

import dev.mode.config.ModeConfig;
import dev.mode.core.Cancellation;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Bounds the work the API takes on: at most {@code server.max-concurrent} engine calls at once (more are answered
 * 429 at once, never queued) and each within {@code server.request-timeout} (else 503, and the work is cancelled).
 */
@Component
public class RequestLimiter {
  private final Semaphore permits;
  private final int max;
  private final Duration timeout;
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "mode-request-timeout");
    t.setDaemon(true);
    return t;
  });

  RequestLimiter(ModeConfig config) {
    this.max = config.server().maxConcurrent();
    this.permits = new Semaphore(max);
    this.timeout = config.server().requestTimeout();
  }

  /** A held slot of the concurrency limit; close it to give it back. */
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /** Takes a slot or refuses with 429. */
  public Permit acquire() {
    if (!permits.tryAcquire()) {
      throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "the server is busy (" + max
          + " requests in progress, server.max-concurrent); retry shortly");
    }
    return new Permit() {
      private boolean closed;

      @Override
      public synchronized void close() {
        if (!closed) {
          closed = true;
          permits.release();
        }
      }
    };
  }

  /** The request timeout. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Runs {@code work} within a slot and the timeout; the work gets a cancellation it should honour. Work that has
   * started to publish an index update when the timeout passes ({@link Cancellation#commit()}) is waited for, so a
   * 503 always means that nothing changed.
   */
  public <T> T call(Function<Cancellation, T> work) {
    try (Permit ignored = acquire()) {
      var cancellation = new Cancellation();
      Future<T> f = workers.submit(() -> work.apply(cancellation));
      long wait = timeout.toMillis();
      while (true) {
        try {
          return result(f, wait);
        } catch (TimeoutException e) {
          if (cancellation.cancel()) {
            f.cancel(true);
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "the request took longer than "
                + timeout.toMillis() + " ms (server.request-timeout); it was cancelled and changed nothing");
          }
          wait = Long.MAX_VALUE; // it is publishing an index update, which cannot be undone: its answer is the truth
        }
      }
    }
  }

  private static <T> T result(Future<T> f, long millis) throws TimeoutException {
    try {
      return f.get(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "the request was interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Runs work in the background (streaming responses), on the same workers. */
  public void submit(Runnable work) {
    workers.submit(work);
  }

  /** Runs {@code action} once the request timeout has passed, unless the returned future is cancelled first. */
  public Future<?> afterTimeout(Runnable action) {
    return timer.schedule(action, timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  @PreDestroy
  void close() {
    timer.shutdownNow();
    workers.shutdownNow();
  }
}
