package dev.mode.api;

import dev.mode.core.ExpertChoice;
import dev.mode.core.Routing;
import dev.mode.core.Timings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * MODE's Micrometer meters (Prometheus names in brackets): queries routed to each expert
 * ({@code mode_expert_queries_total{expert}}), gate latency ({@code mode_gate_latency_seconds}), retrieval latency
 * ({@code mode_retrieval_latency_seconds}), time to first token ({@code mode_ask_first_token_seconds}) and generation
 * speed ({@code mode_generation_tokens_per_second}).
 */
@Component
public class ModeMetrics {
  private final MeterRegistry registry;
  private final Timer gate;
  private final Timer retrieval;
  private final Timer firstToken;
  private final DistributionSummary tokensPerSecond;

  ModeMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.gate = Timer.builder("mode.gate.latency").description("Time the gate takes to route a query")
        .publishPercentileHistogram().register(registry);
    this.retrieval = Timer.builder("mode.retrieval.latency").description("Time searching the chosen experts")
        .publishPercentileHistogram().register(registry);
    this.firstToken = Timer.builder("mode.ask.first.token").description("Time from request to the first answer text")
        .publishPercentileHistogram().register(registry);
    this.tokensPerSecond = DistributionSummary.builder("mode.generation.tokens.per.second")
        .description("Answer tokens generated per second").register(registry);
  }

  /** Records a routed query: one count per expert searched, and the gate and retrieval latencies. */
  public void routed(Routing routing, Timings timings) {
    for (ExpertChoice c : routing.chosen()) {
      Counter.builder("mode.expert.queries").description("Queries routed to an expert")
          .tag("expert", Integer.toString(c.expert())).register(registry).increment();
    }
    gate.record(Duration.ofNanos((long) (timings.gateMs() * 1e6)));
    retrieval.record(Duration.ofNanos((long) (timings.retrieveMs() * 1e6)));
  }

  /** Records the time from a request to its first answer text. */
  public void firstToken(long nanos) {
    firstToken.record(Duration.ofNanos(nanos));
  }

  /** Records generation speed. */
  public void generated(int tokens, double generateMs) {
    if (tokens > 0 && generateMs > 0) {
      tokensPerSecond.record(tokens / (generateMs / 1000.0));
    }
  }
}
