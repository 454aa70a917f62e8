package dev.mode.core.retrieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mode.core.Hit;
import dev.mode.core.index.GenerationWriter;
import dev.mode.core.index.IndexLayout;
import dev.mode.core.index.IndexSettings;
import dev.mode.core.index.Manifest;
import dev.mode.core.index.ModeIndex;
import dev.mode.core.index.Passage;
import dev.mode.core.index.PassageFields;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metadata filters and convex fusion on real shards: a filter narrows the candidates and changes nothing else. */
class FilteredRetrievalTest {
  @TempDir Path dir;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private static float[] axis(int i) {
    float[] v = new float[8];
    v[i % 8] = 1;
    return v;
  }

  private static Passage passage(int i, String text, Map<String, String> meta) {
    return new Passage(Passage.idOf("d" + i, 0), "d" + i, 0, "", text, "s", "text/plain", 0, meta, 0, text.length(),
        axis(i));
  }

  private static Query filter(Map<String, String> pairs) {
    var b = new BooleanQuery.Builder();
    pairs.forEach((k, v) -> b.add(new TermQuery(PassageFields.filterTerm(k, v)), BooleanClause.Occur.FILTER));
    return b.build();
  }

  private ModeIndex build(int n, int shards, IntFunction<Passage> passage) throws Exception {
    try (var w = GenerationWriter.create(new IndexLayout(dir), shards, new IndexSettings("test", 8, 200, 0, 1))) {
      for (int i = 0; i < n; i++) {
        w.add(i % shards, passage.apply(i));
      }
      w.commit(new Manifest.GateInfo("centroid", null));
    }
    return ModeIndex.open(dir);
  }

  private static List<String> ids(RoutedRetriever.Result r) {
    return r.hits().stream().map(Hit::passageId).toList();
  }

  /** With a filter BM25 still needs a query term: passages that only pass the filter are not BM25 hits at score 0. */
  @Test
  void aFilteredBm25SearchReturnsOnlyPassagesWithAQueryTerm() throws Exception {
    try (ModeIndex index = build(20, 2, i -> passage(i, i < 3 ? "supersonic wing flow" : "laminar boundary layer",
        Map.of("lang", "en")))) {
      var r = new RoutedRetriever(index, pool);
      var filtered = r.search("supersonic", new float[8], List.of(0, 1), 10, 10, RetrievalMode.BM25, Fusion.rrf(),
          filter(Map.of("lang", "en")));
      assertThat(filtered.hits()).hasSize(3).allSatisfy(h -> assertThat(h.text()).contains("supersonic"));
      assertThat(r.search("the of and", new float[8], List.of(0, 1), 10, 10, RetrievalMode.BM25, Fusion.rrf(),
          filter(Map.of("lang", "en"))).hits()).as("a query of stop words only").isEmpty();
    }
  }

  /** A filter every passage passes leaves the hybrid ranking as it was. */
  @Test
  void aFilterEveryPassagePassesChangesNoRanking() throws Exception {
    try (ModeIndex index = build(20, 1, i -> passage(i, i < 1 ? "supersonic wing flow" : "laminar boundary layer",
        Map.of("lang", "en")))) {
      var r = new RoutedRetriever(index, pool);
      float[] q = axis(5);
      var filtered = r.search("supersonic", q, List.of(0), 5, 5, RetrievalMode.HYBRID, Fusion.rrf(),
          filter(Map.of("lang", "en")));
      var plain = r.search("supersonic", q, List.of(0), 5, 5, RetrievalMode.HYBRID, Fusion.rrf(), null);
      assertThat(ids(filtered)).isEqualTo(ids(plain));
    }
  }

  /** A query longer than Lucene's clause limit, with filters, is cut to fit rather than failing. */
  @Test
  void aVeryLongQueryWithFiltersStaysUnderTheClauseLimit() throws Exception {
    try (ModeIndex index = build(10, 1, i -> passage(i, "laminar boundary layer w" + i, Map.of("lang", "en", "k", "v")))) {
      var r = new RoutedRetriever(index, pool);
      var text = new StringBuilder();
      for (int i = 0; i < 1100; i++) {
        text.append('w').append(i).append(' ');
      }
      var result = r.search(text.toString(), new float[8], List.of(0), 10, 10, RetrievalMode.BM25, Fusion.rrf(),
          filter(Map.of("lang", "en", "k", "v")));
      assertThat(result.hits()).isNotEmpty();
    }
  }

  /** The only passage holding a rare query term gets BM25's full weight in convex fusion, not a min-max 0. */
  @Test
  void convexFusionCreditsASingleBm25Candidate() throws Exception {
    try (ModeIndex index = build(6, 1, i -> passage(i, i == 0 ? "xylophone concerto" : "laminar boundary layer",
        Map.of()))) {
      var r = new RoutedRetriever(index, pool);
      float[] q = {0.6f, 0.8f, 0, 0, 0, 0, 0, 0}; // nearest d1, then d0
      var result = r.search("xylophone", q, List.of(0), 3, 10, RetrievalMode.HYBRID, new Fusion("convex", 60, 0.5), null);
      assertThat(result.hits().get(0).docId()).isEqualTo("d0");
    }
  }

  /** A key holding '=' would make its term ambiguous ({"a=b": "c"} and {"a": "b=c"}): it cannot be filtered on. */
  @Test
  void aFilterKeyWithAnEqualsSignIsRefused() throws Exception {
    assertThatThrownBy(() -> PassageFields.filterTerm("a=b", "c")).isInstanceOf(IllegalArgumentException.class);
    try (ModeIndex index = build(2, 1, i -> passage(i, "laminar boundary layer", Map.of("a=b", "c", "lang", "en")))) {
      var r = new RoutedRetriever(index, pool);
      var result = r.search("laminar", new float[8], List.of(0), 10, 10, RetrievalMode.BM25, Fusion.rrf(),
          filter(Map.of("a", "b=c")));
      assertThat(result.hits()).isEmpty();
    }
  }
}
