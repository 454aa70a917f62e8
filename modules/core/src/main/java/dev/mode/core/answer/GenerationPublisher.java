package dev.mode.core.answer;

import dev.mode.core.Cancellation;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;

/**
 * A generation as a {@link Flow.Publisher} of text pieces, for reactive users. Each subscription runs its own
 * generation on the executor; pieces are delivered with back-pressure by a JDK {@link SubmissionPublisher} (the
 * generation waits while the subscriber's buffer is full), {@code onComplete} follows the last piece, and a failure
 * arrives as {@code onError}. Cancelling the subscription cancels the generation before its next piece.
 */
public final class GenerationPublisher implements Flow.Publisher<String> {
  private final Generator generator;
  private final GenerationInput input;
  private final Executor executor;

  /**
   * @param executor runs the generation (it blocks while the subscriber lags behind); not used for delivery
   */
  public GenerationPublisher(Generator generator, GenerationInput input, Executor executor) {
    this.generator = generator;
    this.input = input;
    this.executor = executor;
  }

  /** Runs each subscription's generation on a new virtual thread. */
  public GenerationPublisher(Generator generator, GenerationInput input) {
    this(generator, input, task -> Thread.ofVirtual().name("mode-generate").start(task));
  }

  @Override
  public void subscribe(Flow.Subscriber<? super String> subscriber) {
    var cancellation = new Cancellation();
    var delivery = new SubmissionPublisher<String>();
    delivery.subscribe(subscriber);
    executor.execute(() -> {
      try {
        generator.generate(input, piece -> {
          // a cancelled subscription is dropped from the publisher at the next submit
          if (delivery.getNumberOfSubscribers() == 0) {
            cancellation.cancel();
          } else {
            delivery.submit(piece);
          }
        }, cancellation);
        delivery.close();
      } catch (RuntimeException e) {
        delivery.closeExceptionally(e);
      }
    });
  }
}
