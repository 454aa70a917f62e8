package dev.mode.api;

import dev.mode.core.ModeEngine;
import dev.mode.core.index.Manifest;
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
      Manifest m = engine.manifest();
      return Health.up().withDetail("generation", m.generation()).withDetail("experts", m.experts().size())
          .withDetail("documents", m.documents()).withDetail("passages", m.passages())
          .withDetail("embeddingModel", m.embeddingModel()).withDetail("generator", engine.generator().name())
          .withDetail("extractive", engine.generator().extractive()).build();
    } catch (RuntimeException e) {
      return Health.down().withDetail("error", String.valueOf(e.getMessage())).build();
    }
  }
}
