package dev.mode.indexer.eval;

import dev.mode.core.Hit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ranking metrics as trec_eval defines them, over a ranked list of document ids and graded judgments: nDCG@k with
 * linear gains and log2 discounts (ideal ranking from all judged documents), Recall@k and MRR@k (first document
 * with a positive gain).
 */
public final class RankingMetrics {
  private RankingMetrics() {}

  /**
   * MaxP: documents ranked by their best passage. Hits come ranked by score, so a document's first hit is its best
   * one and the order of first appearances is the document ranking.
   */
  public static List<String> documentRanking(List<Hit> rankedPassages) {
    Set<String> docs = new LinkedHashSet<>();
    for (Hit h : rankedPassages) {
      docs.add(h.docId());
    }
    return new ArrayList<>(docs);
  }

  public static double ndcg(List<String> ranked, Map<String, Integer> gains, int k) {
    double dcg = 0;
    for (int i = 0; i < Math.min(k, ranked.size()); i++) {
      int g = gains.getOrDefault(ranked.get(i), 0);
      if (g > 0) {
        dcg += g / log2(i + 2);
      }
    }
    List<Integer> ideal = new ArrayList<>(gains.values().stream().filter(g -> g > 0).toList());
    ideal.sort(java.util.Comparator.reverseOrder());
    double idcg = 0;
    for (int i = 0; i < Math.min(k, ideal.size()); i++) {
      idcg += ideal.get(i) / log2(i + 2);
    }
    return idcg == 0 ? 0 : dcg / idcg;
  }

  public static double recall(List<String> ranked, Map<String, Integer> gains, int k) {
    long relevant = gains.values().stream().filter(g -> g > 0).count();
    if (relevant == 0) {
      return 0;
    }
    long found = ranked.stream().limit(k).filter(d -> gains.getOrDefault(d, 0) > 0).count();
    return (double) found / relevant;
  }

  public static double mrr(List<String> ranked, Map<String, Integer> gains, int k) {
    for (int i = 0; i < Math.min(k, ranked.size()); i++) {
      if (gains.getOrDefault(ranked.get(i), 0) > 0) {
        return 1.0 / (i + 1);
      }
    }
    return 0;
  }

  /** Share of {@code reference}'s first {@code k} ids that are among {@code ranked}'s first {@code k}. */
  public static double overlap(List<String> ranked, List<String> reference, int k) {
    List<String> ref = reference.subList(0, Math.min(k, reference.size()));
    if (ref.isEmpty()) {
      return 1;
    }
    Set<String> got = new java.util.HashSet<>(ranked.subList(0, Math.min(k, ranked.size())));
    return (double) ref.stream().filter(got::contains).count() / ref.size();
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
