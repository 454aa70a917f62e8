package dev.mode.indexer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mode.core.Hit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {

  private static Hit hit(String passage, String doc, double score) {
    return new Hit(passage, doc, "", "", "", 0, 1, 0, score, 0, 0, Map.of());
  }

  @Test
  void ndcgUsesGradedGainsAndTheIdealOrderOfAllJudgedDocuments() {
    // ranked: d1 (gain 1), d2 (0), d3 (3); judged also d4 (2), never retrieved
    Map<String, Integer> gains = Map.of("d1", 1, "d3", 3, "d4", 2);
    double dcg = 1 / log2(2) + 3 / log2(4);
    double idcg = 3 / log2(2) + 2 / log2(3) + 1 / log2(4);
    assertThat(RankingMetrics.ndcg(List.of("d1", "d2", "d3"), gains, 10)).isCloseTo(dcg / idcg, within(1e-12));
    // the cutoff drops d3
    assertThat(RankingMetrics.ndcg(List.of("d1", "d2", "d3"), gains, 2)).isCloseTo(1 / (3 + 2 / log2(3)), within(1e-12));
    assertThat(RankingMetrics.ndcg(List.of("d3", "d4", "d1"), gains, 10)).isCloseTo(1.0, within(1e-12));
    assertThat(RankingMetrics.ndcg(List.of("x"), gains, 10)).isZero();
  }

  @Test
  void recallCountsJudgedDocumentsWithinTheCutoff() {
    Map<String, Integer> gains = Map.of("a", 1, "b", 2, "c", 1, "d", 1);
    assertThat(RankingMetrics.recall(List.of("a", "x", "b", "c"), gains, 3)).isEqualTo(0.5);
    assertThat(RankingMetrics.recall(List.of("a", "x", "b", "c"), gains, 100)).isEqualTo(0.75);
  }

  @Test
  void mrrIsTheReciprocalRankOfTheFirstRelevantDocumentWithinTheCutoff() {
    Map<String, Integer> gains = Map.of("r", 1);
    assertThat(RankingMetrics.mrr(List.of("a", "b", "r"), gains, 10)).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(RankingMetrics.mrr(List.of("a", "b", "r"), gains, 2)).isZero();
  }

  @Test
  void maxPRanksDocumentsByTheirBestPassage() {
    List<Hit> passages = List.of(hit("b#1", "b", 0.9), hit("a#0", "a", 0.8), hit("b#0", "b", 0.7), hit("c#2", "c", 0.5),
        hit("a#3", "a", 0.4));
    assertThat(RankingMetrics.documentRanking(passages)).containsExactly("b", "a", "c");
  }

  @Test
  void overlapIsTheShareOfTheReferenceTopKFound() {
    assertThat(RankingMetrics.overlap(List.of("a", "b", "c", "d"), List.of("b", "x", "a", "y"), 4)).isEqualTo(0.5);
    assertThat(RankingMetrics.overlap(List.of("a"), List.of(), 10)).isEqualTo(1.0);
  }

  @Test
  void percentileIsNearestRank() {
    List<Double> v = List.of(5.0, 1.0, 3.0, 2.0, 4.0);
    assertThat(EvalRunner.percentile(v, 50)).isEqualTo(3.0);
    assertThat(EvalRunner.percentile(v, 95)).isEqualTo(5.0);
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
