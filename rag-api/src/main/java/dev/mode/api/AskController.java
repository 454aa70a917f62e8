package dev.mode.api;

import dev.mode.core.Answer;
import dev.mode.core.AnswerListener;
import dev.mode.core.ModeEngine;
import dev.mode.core.Routing;
import dev.mode.core.SearchRequest;
import dev.mode.core.answer.Cancellation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code POST /api/v1/ask}: an answer with citations, routing and timings as JSON, or, with
 * {@code Accept: text/event-stream}, as Server-Sent Events: {@code routing}, then {@code token} events with the
 * text as it is written, then {@code answer} with the whole answer and its citations (or {@code error}).
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "ask", description = "Questions answered from the index, with citations")
class AskController {
  private static final Logger LOG = LoggerFactory.getLogger(AskController.class);
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
    var cancellation = new Cancellation();
    emitter.onTimeout(cancellation::cancel);
    emitter.onError(e -> cancellation.cancel());
    try {
      limiter.submit(() -> {
        try (permit) {
          answer(request, new AnswerListener() {
            @Override
            public void onRouting(Routing routing) {
              send(emitter, "routing", routing, cancellation);
            }

            @Override
            public void onText(String delta) {
              send(emitter, "token", Map.of("text", delta), cancellation);
            }

            @Override
            public void onComplete(Answer answer) {
              send(emitter, "answer", answer, cancellation);
            }
          }, cancellation);
          emitter.complete();
        } catch (RuntimeException e) {
          failStream(emitter, e);
        }
      });
    } catch (RuntimeException e) {
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
    metrics.generated(engine.generator().countTokens(a.text()), a.timings().generateMs());
    return a;
  }

  private static void send(SseEmitter emitter, String name, Object data, Cancellation cancellation) {
    if (cancellation.isCancelled()) {
      return;
    }
    try {
      emitter.send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
    } catch (IOException | IllegalStateException e) {
      cancellation.cancel(); // the client went away: stop generating
    }
  }

  private static void failStream(SseEmitter emitter, RuntimeException e) {
    HttpStatus status = e instanceof ApiException a ? a.status()
        : e instanceof IllegalArgumentException ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
    String detail = status == HttpStatus.INTERNAL_SERVER_ERROR && !(e instanceof dev.mode.core.ModeException)
        ? "an unexpected error occurred; the server log has the details" : e.getMessage();
    if (status == HttpStatus.INTERNAL_SERVER_ERROR) {
      LOG.error("streamed answer failed", e);
    }
    try {
      emitter.send(SseEmitter.event().name("error").data(ProblemDetail.forStatusAndDetail(status, detail),
          MediaType.APPLICATION_PROBLEM_JSON));
      emitter.complete();
    } catch (IOException | IllegalStateException ignored) {
      emitter.completeWithError(e);
    }
  }
}
