package dev.mode.indexer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerMetricsTest {

  @Test
  void normalisesAsTheSquadScriptDoes() {
    assertThat(AnswerMetrics.normalize("The  Denver Broncos!")).isEqualTo("denver broncos");
    assertThat(AnswerMetrics.normalize("an apple, a pear & the plum.")).isEqualTo("apple pear plum");
    // articles only as whole words; punctuation removed before articles, so "the-end" becomes "theend"
    assertThat(AnswerMetrics.normalize("Theatre the-end")).isEqualTo("theatre theend");
  }

  @Test
  void exactMatchTakesTheBestGold() {
    assertThat(AnswerMetrics.exactMatch("the Broncos", List.of("Denver Broncos", "Broncos"))).isEqualTo(1.0);
    assertThat(AnswerMetrics.exactMatch("Broncos won", List.of("Denver Broncos", "Broncos"))).isZero();
  }

  @Test
  void tokenF1CountsSharedTokensAsAMultiset() {
    // prediction "denver broncos won" vs gold "denver broncos": p = 2/3, r = 1
    assertThat(AnswerMetrics.f1("Denver Broncos won", List.of("the Denver Broncos"))).isCloseTo(0.8, within(1e-12));
    // "a a b" vs "a b b": common = min(2,1) + min(1,2) = 2, p = r = 2/3 (articles removed, so use other tokens)
    assertThat(AnswerMetrics.f1("x x y", List.of("x y y"))).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(AnswerMetrics.f1("nothing shared", List.of("other words"))).isZero();
    assertThat(AnswerMetrics.f1("x", List.of("nope", "x"))).isEqualTo(1.0);
  }
}
