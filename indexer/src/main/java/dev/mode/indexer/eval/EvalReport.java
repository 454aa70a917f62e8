package dev.mode.indexer.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outcome of one evaluation: the dataset, the number of experts and one {@link ModeResult} per mode.
 *
 * @param dataset dataset name
 * @param experts experts in the index
 * @param assigner how passages were grouped into experts
 * @param queries judged queries evaluated
 * @param passages distinct passages in the index (what one exhaustive search over unreplicated experts scores)
 * @param results one per mode
 */
public record EvalReport(String dataset, int experts, String assigner, int queries, long passages,
    List<ModeResult> results) {
  private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dataset", dataset);
    m.put("experts", experts);
    m.put("assigner", assigner);
    m.put("queries", queries);
    m.put("passages", passages);
    List<Map<String, Object>> rs = new ArrayList<>();
    results.forEach(r -> rs.add(r.toJson()));
    m.put("results", rs);
    return m;
  }

  /** Writes the JSON file (to a temporary name first, then moved into place). */
  public void writeJson(Path file) throws IOException {
    Path abs = file.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
    Files.writeString(tmp, JSON.writeValueAsString(toJson()) + "\n");
    Files.move(tmp, abs, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** A plain-text table, one row per mode. */
  public String table() {
    boolean answers = results.stream().anyMatch(r -> r.goldRecallAt5() != null);
    var sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%s: %d judged queries, %d passages, %d experts (%s)%n", dataset, queries, passages,
        experts, assigner));
    sb.append(String.format(Locale.ROOT, "%-14s %7s %7s %7s %7s %7s %9s %6s %7s %7s", "mode", "nDCG@10", "R@100", "MRR@10",
        "route", "experts", "passages", "share", "p50 ms", "p95 ms"));
    if (answers) {
      sb.append(String.format(Locale.ROOT, " %6s %6s %6s %6s %6s", "EM", "F1", "gold@1", "gold@5", "gold@10"));
    }
    sb.append('\n');
    for (ModeResult r : results) {
      sb.append(String.format(Locale.ROOT, "%-14s %7.3f %7.3f %7.3f %7.3f %7.2f %9.0f %6.3f %7.2f %7.2f", r.label(),
          r.ndcgAt10(), r.recallAt100(), r.mrrAt10(), r.routingRecall(), r.expertsSearched(), r.passagesScored(),
          r.passagesScored() / Math.max(1, passages), r.latencyMsP50(), r.latencyMsP95()));
      if (answers) {
        sb.append(String.format(Locale.ROOT, " %6s %6s %6s %6s %6s", f(r.answerEm()), f(r.answerF1()), f(r.goldRecallAt1()),
            f(r.goldRecallAt5()), f(r.goldRecallAt10())));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String f(Double d) {
    return d == null ? "-" : String.format(Locale.ROOT, "%.3f", d);
  }
}
