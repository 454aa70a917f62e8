package dev.mode.api;

import dev.mode.core.IndexInfo;
import dev.mode.core.ModeEngine;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Actuator health {@code mode}: up when the index is open and the generator (extractive or model) is loaded. */
@Component("mode")
class ModeHealthIndicator implements HealthIndicator {
  private final ModeEngine engine;

  ModeHealthIndicator(ModeEngine engine) {
    this.engine = engine;
  }

  @Override
  public Health health() {
    try {
      IndexInfo m = engine.info();
      return Health.up().withDetail("generation", m.generation()).withDetail("experts", m.experts())
          .withDetail("documents", m.documents()).withDetail("passages", m.passages())
          .withDetail("embeddingModel", m.embeddingModel()).withDetail("generator", m.generator())
          .withDetail("extractive", m.extractive()).build();
    } catch (RuntimeException e) {
      return Health.down().withDetail("error", String.valueOf(e.getMessage())).build();
    }
  }
}
