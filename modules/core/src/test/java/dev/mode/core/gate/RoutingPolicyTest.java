package dev.mode.core.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoutingPolicyTest {
  private static final double[] PROBS = {0.05, 0.5, 0.1, 0.3, 0.05};

  @Test
  void fixedTakesTheTopKInProbabilityOrder() {
    var c = RoutingPolicy.fixed(2).choose(PROBS);
    assertThat(c.experts()).containsExactly(1, 3);
    assertThat(c.fallback()).isFalse();
    assertThat(RoutingPolicy.fixed(9).choose(PROBS).experts()).hasSize(5);
  }

  @Test
  void adaptiveStopsAtTheCumulativeProbabilityOrAtMaxK() {
    assertThat(new RoutingPolicy("adaptive", 2, 0.75, 4, 1.0).choose(PROBS).experts()).containsExactly(1, 3);
    assertThat(new RoutingPolicy("adaptive", 2, 0.85, 4, 1.0).choose(PROBS).experts()).containsExactly(1, 3, 2);
    assertThat(new RoutingPolicy("adaptive", 2, 0.99, 2, 1.0).choose(PROBS).experts()).containsExactly(1, 3);
    assertThat(new RoutingPolicy("adaptive", 2, 0.4, 4, 1.0).choose(PROBS).experts()).containsExactly(1);
  }

  @Test
  void anUnsureGateFallsBackToEveryExpert() {
    double[] flat = {0.21, 0.2, 0.2, 0.2, 0.19};
    var c = new RoutingPolicy("fixed", 1, 1.0, 1, 0.95).choose(flat);
    assertThat(c.fallback()).isTrue();
    assertThat(c.experts()).containsExactly(0, 1, 2, 3, 4);
    // a confident gate is not affected by the same threshold
    assertThat(new RoutingPolicy("fixed", 1, 1.0, 1, 0.95).choose(PROBS).experts()).containsExactly(1);
  }

  /** A non-finite probability (a broken gate) is no evidence: every expert is searched, whatever the policy. */
  @Test
  void aGateThatGivesNaNFallsBackToEveryExpert() {
    double[] broken = {0.5, Double.NaN, 0.3, 0.1, 0.1};
    var c = new RoutingPolicy("fixed", 2, 0.8, 4, 1.0).choose(broken);
    assertThat(c.fallback()).isTrue();
    assertThat(c.experts()).hasSize(5);
  }

  @Test
  void exhaustiveSearchesEveryExpertWithoutCallingItAFallback() {
    var c = RoutingPolicy.exhaustive().choose(PROBS);
    assertThat(c.experts()).containsExactly(1, 3, 2, 0, 4);
    assertThat(c.fallback()).isFalse();
  }

  @Test
  void rejectsUnknownPoliciesAndEmptyChoices() {
    assertThatThrownBy(() -> new RoutingPolicy("random", 1, 1, 1, 1)).hasMessageContaining("fixed, adaptive or exhaustive");
    assertThatThrownBy(() -> RoutingPolicy.fixed(0)).hasMessageContaining(">= 1");
  }
}
