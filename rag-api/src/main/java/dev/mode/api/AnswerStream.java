package dev.mode.api;

import dev.mode.core.Answer;
import dev.mode.core.AnswerListener;
import dev.mode.core.Cancellation;
import dev.mode.core.ModeException;
import dev.mode.core.Routing;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One answer streamed as Server-Sent Events: {@code routing}, {@code token}s, then exactly one ending, the
 * {@code answer} or an {@code error} event holding a problem document (503 when {@code server.request-timeout}
 * passes first). Events after the ending are dropped; the {@link #cancellation()} tells generation to stop when the
 * stream ends early or the client goes away.
 */
final class AnswerStream implements AnswerListener {
  private static final Logger LOG = LoggerFactory.getLogger(AnswerStream.class);
  private final SseEmitter emitter;
  private final Duration timeout;
  private final Cancellation cancellation = new Cancellation();
  /** Orders events from the answering thread against an ending from the timeout's thread. */
  private final ReentrantLock lock = new ReentrantLock();
  private boolean ended;

  AnswerStream(SseEmitter emitter, Duration timeout) {
    this.emitter = emitter;
    this.timeout = timeout;
    emitter.onTimeout(this::timedOut);
    emitter.onError(e -> cancellation.cancel());
  }

  Cancellation cancellation() {
    return cancellation;
  }

  @Override
  public void onRouting(Routing routing) {
    send("routing", routing, MediaType.APPLICATION_JSON, false);
  }

  @Override
  public void onText(String delta) {
    send("token", Map.of("text", delta), MediaType.APPLICATION_JSON, false);
  }

  @Override
  public void onComplete(Answer answer) {
    send("answer", answer, MediaType.APPLICATION_JSON, true);
  }

  /** Ends the stream if nothing has ended it yet (an answer that never called onComplete). */
  void complete() {
    lock.lock();
    try {
      if (!ended) {
        ended = true;
        emitter.complete();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Ends the stream with an error event for this failure. */
  void fail(RuntimeException e) {
    HttpStatus status = e instanceof ApiException a ? a.status()
        : e instanceof IllegalArgumentException ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
    String detail = status == HttpStatus.INTERNAL_SERVER_ERROR && !(e instanceof ModeException)
        ? "an unexpected error occurred; the server log has the details" : e.getMessage();
    if (status == HttpStatus.INTERNAL_SERVER_ERROR && !cancellation.isCancelled()) {
      LOG.error("streamed answer failed", e);
    }
    send("error", ProblemDetail.forStatusAndDetail(status, detail), MediaType.APPLICATION_PROBLEM_JSON, true);
  }

  /** The request timeout passed: stop generating and end the stream with a 503 error event. */
  void timedOut() {
    cancellation.cancel();
    send("error", ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "the request took longer than "
        + timeout.toMillis() + " ms (server.request-timeout)"), MediaType.APPLICATION_PROBLEM_JSON, true);
  }

  private void send(String name, Object data, MediaType type, boolean last) {
    lock.lock();
    try {
      if (ended || !last && cancellation.isCancelled()) {
        return;
      }
      ended = last;
      emitter.send(SseEmitter.event().name(name).data(data, type));
      if (last) {
        emitter.complete();
      }
    } catch (IOException | IllegalStateException e) {
      ended = true;
      cancellation.cancel(); // the client went away: stop generating
    } finally {
      lock.unlock();
    }
  }
}
