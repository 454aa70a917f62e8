package dev.mode.api;

import dev.mode.core.Answer;
import dev.mode.core.AnswerListener;
import dev.mode.core.Cancellation;
import dev.mode.core.ModeEngine;
import dev.mode.core.Routing;
import dev.mode.core.SearchRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.concurrent.Future;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code POST /api/v1/ask}: an answer with citations, routing and timings as JSON, or, with
 * {@code Accept: text/event-stream}, as Server-Sent Events: {@code routing}, then {@code token} events with the
 * text as it is written, then {@code answer} with the whole answer and its citations (or {@code error}; see
 * {@link AnswerStream}).
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "ask", description = "Questions answered from the index, with citations")
class AskController {
  private final ModeEngine engine;
  private final ApiRequests requests;
  private final RequestLimiter limiter;
  private final ModeMetrics metrics;

  AskController(ModeEngine engine, ApiRequests requests, RequestLimiter limiter, ModeMetrics metrics) {
    this.engine = engine;
    this.requests = requests;
    this.limiter = limiter;
    this.metrics = metrics;
  }

  @Operation(summary = "Answer a question (JSON)")
  @PostMapping(path = "/ask", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  Answer ask(@RequestBody AskBody body) {
    SearchRequest request = toRequest(body);
    return limiter.call(cancellation -> answer(request, new AnswerListener() {}, cancellation));
  }

  @Operation(summary = "Answer a question, streamed as Server-Sent Events (routing, token..., answer)")
  @PostMapping(path = "/ask", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter stream(@RequestBody AskBody body) {
    SearchRequest request = toRequest(body);
    RequestLimiter.Permit permit = limiter.acquire();
    var emitter = new SseEmitter(limiter.timeout().toMillis());
    var stream = new AnswerStream(emitter, limiter.timeout());
    // Tomcat checks async timeouts only about once a second; this ends the stream on time
    Future<?> deadline = limiter.afterTimeout(stream::timedOut);
    try {
      limiter.submit(() -> {
        try (permit) {
          answer(request, stream, stream.cancellation());
          stream.complete();
        } catch (RuntimeException e) {
          stream.fail(e);
        } finally {
          deadline.cancel(false);
        }
      });
    } catch (RuntimeException e) {
      deadline.cancel(false);
      permit.close();
      throw e;
    }
    return emitter;
  }

  private SearchRequest toRequest(AskBody body) {
    if (body == null) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "the request body is missing");
    }
    return requests.toEngine("question", body.question(), body.experts(), body.passages(), body.filters());
  }

  /** Answers through the streaming path so that time to first token is measured for every ask. */
  private Answer answer(SearchRequest request, AnswerListener listener, Cancellation cancellation) {
    long t0 = System.nanoTime();
    Answer a = engine.askStreaming(request, new AnswerListener() {
      private boolean first = true;

      @Override
      public void onRouting(Routing routing) {
        listener.onRouting(routing);
      }

      @Override
      public void onText(String delta) {
        if (first) {
          first = false;
          metrics.firstToken(System.nanoTime() - t0);
        }
        listener.onText(delta);
      }

      @Override
      public void onComplete(Answer answer) {
        listener.onComplete(answer);
      }
    }, cancellation);
    metrics.routed(a.routing(), a.timings());
    metrics.generated(engine.countTokens(a.text()), a.timings().generateMs());
    return a;
  }
}
