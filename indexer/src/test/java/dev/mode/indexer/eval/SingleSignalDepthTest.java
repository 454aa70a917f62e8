package dev.mode.indexer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mode.core.index.GenerationWriter;
import dev.mode.core.index.IndexLayout;
import dev.mode.core.index.IndexSettings;
import dev.mode.core.index.Manifest;
import dev.mode.core.index.ModeIndex;
import dev.mode.core.index.Passage;
import dev.mode.core.retrieve.Fusion;
import dev.mode.core.retrieve.RetrievalMode;
import dev.mode.core.retrieve.RoutedRetriever;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recall@100 is a document measure: a single-signal mode must rank 100 documents when the corpus has them, also where
 * each document is split into several passages (MaxP keeps one entry per document). Hybrid modes fuse each signal's
 * top 100 passages by design; on the real collections their fused lists hold 100 documents or more.
 */
class SingleSignalDepthTest {
  @TempDir Path dir;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** 150 documents of two passages each, every passage holding the query term and lying near the query vector. */
  private ModeIndex twoPassagesPerDocument() throws Exception {
    try (var w = GenerationWriter.create(new IndexLayout(dir), 2, new IndexSettings("test", 8, 200, 0, 1))) {
      for (int d = 0; d < 150; d++) {
        for (int ordinal = 0; ordinal < 2; ordinal++) {
          String text = "wing ".repeat(1 + (d + ordinal) % 7) + "flow " + "plate ".repeat(d % 5);
          float[] v = new float[8];
          v[0] = 1;
          v[1 + (d + ordinal) % 7] = 0.1f * (1 + d % 9);
          w.add(d % 2, new Passage(Passage.idOf("d" + d, ordinal), "d" + d, ordinal, "", text, "s", "text/plain", 0,
              Map.of(), 0, text.length(), unit(v)));
        }
      }
      w.commit(new Manifest.GateInfo("centroid", null));
    }
    return ModeIndex.open(dir);
  }

  private static float[] unit(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  @Test
  void bm25AndDenseRankAHundredDocumentsWhenDocumentsHaveSeveralPassages() throws Exception {
    try (ModeIndex index = twoPassagesPerDocument()) {
      var retriever = new RoutedRetriever(index, pool);
      float[] query = new float[8];
      query[0] = 1;
      for (RetrievalMode mode : List.of(RetrievalMode.BM25, RetrievalMode.DENSE)) {
        var result = EvalRunner.search(retriever, "wing", query, List.of(0, 1), mode, Fusion.rrf());
        assertThat(RankingMetrics.documentRanking(result.hits())).as(mode.name()).hasSizeGreaterThanOrEqualTo(100);
      }
    }
  }
}
