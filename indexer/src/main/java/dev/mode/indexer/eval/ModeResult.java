package dev.mode.indexer.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The averages of one retrieval mode over a dataset's judged queries.
 *
 * @param mode {@code bm25}, {@code dense}, {@code hybrid} (exhaustive), {@code centroid}, {@code learned} or
 *     {@code adaptive}
 * @param k experts searched per query for the fixed-k modes, null for exhaustive and adaptive ones
 * @param ndcgAt10 nDCG@10 (graded gains, MaxP document ranking)
 * @param recallAt100 Recall@100
 * @param mrrAt10 MRR@10
 * @param routingRecall share of exhaustive hybrid search's top-10 documents this mode's top-10 holds
 * @param expertsSearched mean experts searched per query
 * @param passagesScored mean passages held by the experts searched per query (copies counted)
 * @param latencyMsP50 median routing + retrieval time per query (query embedding excluded, it is the same for all)
 * @param latencyMsP95 95th percentile of the same
 * @param gateMsP50 median time of the gate alone, null for exhaustive modes
 * @param answerEm SQuAD exact match of the extractive answer, null where not computed
 * @param answerF1 SQuAD token F1 of the extractive answer, null where not computed
 * @param goldRecallAt1 share of questions whose gold passage (judged document, containing a gold answer) is the top hit
 * @param goldRecallAt5 the same within the top 5 passages
 * @param goldRecallAt10 the same within the top 10 passages
 */
public record ModeResult(String mode, Integer k, double ndcgAt10, double recallAt100, double mrrAt10, double routingRecall,
    double expertsSearched, double passagesScored, double latencyMsP50, double latencyMsP95, Double gateMsP50,
    Double answerEm, Double answerF1, Double goldRecallAt1, Double goldRecallAt5, Double goldRecallAt10) {

  /** The mode and k as a table label, e.g. {@code learned k=2}. */
  public String label() {
    return k == null ? mode : mode + " k=" + k;
  }

  /** The JSON object of this result, keys as docs/evaluation.md lists them. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mode", mode);
    m.put("k", k);
    m.put("ndcg_at_10", ndcgAt10);
    m.put("recall_at_100", recallAt100);
    m.put("mrr_at_10", mrrAt10);
    m.put("routing_recall", routingRecall);
    m.put("experts_searched", expertsSearched);
    m.put("passages_scored", passagesScored);
    m.put("latency_ms_p50", latencyMsP50);
    m.put("latency_ms_p95", latencyMsP95);
    m.put("gate_ms_p50", gateMsP50);
    m.put("answer_em", answerEm);
    m.put("answer_f1", answerF1);
    m.put("gold_recall_at_1", goldRecallAt1);
    m.put("gold_recall_at_5", goldRecallAt5);
    m.put("gold_recall_at_10", goldRecallAt10);
    return m;
  }
}
