package dev.mode.core.retrieve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mode.core.Hit;
import dev.mode.core.index.GenerationWriter;
import dev.mode.core.index.IndexLayout;
import dev.mode.core.index.IndexSettings;
import dev.mode.core.index.IndexUpdater;
import dev.mode.core.index.Manifest;
import dev.mode.core.index.ModeIndex;
import dev.mode.core.index.Passage;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BM25 with global statistics: a passage's score does not depend on which shard holds it. */
class GlobalBm25Test {
  private static final String[] WORDS = {"wing", "flow", "shock", "boundary", "layer", "heat", "transfer", "plate",
      "pressure", "supersonic", "laminar", "turbulent", "model", "theory", "experiment", "library", "index", "retrieval"};

  private static List<Passage> corpus() {
    Random r = new Random(7);
    return IntStream.range(0, 60).mapToObj(i -> {
      var sb = new StringBuilder();
      int len = 5 + r.nextInt(30);
      for (int w = 0; w < len; w++) {
        sb.append(WORDS[r.nextInt(i % 2 == 0 ? WORDS.length : 9)]).append(' ');
      }
      float[] v = new float[8];
      v[i % 8] = 1;
      return new Passage(Passage.idOf("d" + i, 0), "d" + i, 0, "", sb.toString().strip(), "s", "text/plain", 0, Map.of(), 0,
          sb.length(), v);
    }).toList();
  }

  private static Map<String, Double> search(Path root, int shards, String query) throws Exception {
    return search(root, shards, query, false);
  }

  /** With {@code replicate}, every third passage is also written to the next shard. */
  private static Map<String, Double> search(Path root, int shards, String query, boolean replicate) throws Exception {
    List<Passage> ps = corpus();
    try (var w = GenerationWriter.create(new IndexLayout(root), shards, new IndexSettings("test", 8, 200, 0, 1))) {
      for (int i = 0; i < ps.size(); i++) {
        w.add((i * 7) % shards, ps.get(i));
        if (replicate && i % 3 == 0) {
          w.add((i * 7 + 1) % shards, ps.get(i));
        }
      }
      w.commit(new Manifest.GateInfo("centroid", null));
    }
    return scores(root, query);
  }

  /** BM25 scores of every hit of an exhaustive search, by passage id. */
  private static Map<String, Double> scores(Path root, String query) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (ModeIndex index = ModeIndex.open(root)) {
      var r = new RoutedRetriever(index, pool);
      var result = r.search(query, new float[8], IntStream.range(0, index.manifest().experts().size()).boxed().toList(),
          100, 100, RetrievalMode.BM25, Fusion.rrf(), null);
      Map<String, Double> scores = new HashMap<>();
      for (Hit h : result.hits()) {
        assertThat(scores.put(h.passageId(), h.bm25Score())).as("one hit per passage").isNull();
      }
      return scores;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Remembered statistics are those a fresh lookup gives, also after the caller reuses the bytes of the term it asked
   * about (Lucene's term enumerations do), and for terms no expert holds.
   */
  @Test
  void rememberedStatisticsAreThoseOfAFreshLookup(@TempDir Path dir) throws Exception {
    search(dir, 3, "wing", true);
    try (ModeIndex index = ModeIndex.open(dir)) {
      var readers = index.shards().stream().map(dev.mode.core.index.ExpertShard::reader).toList();
      var memo = new GlobalStatistics(readers);
      var fresh = GlobalStatistics.withoutMemo(readers);
      var bytes = new org.apache.lucene.util.BytesRef("wing");
      var asked = new Term(dev.mode.core.index.PassageFields.CONTENT, bytes);
      var first = memo.termStatistics(asked);
      bytes.bytes[0] = 'x'; // the caller reuses its buffer: "xing"
      for (String w : WORDS) { // as indexed: stemmed
        Term t = new Term(dev.mode.core.index.PassageFields.CONTENT, dev.mode.core.index.PassageFields.analyze(
            dev.mode.core.index.PassageFields.analyzer(), w).get(0));
        for (int i = 0; i < 2; i++) { // the second answer comes from the memo
          var expected = fresh.termStatistics(t);
          var got = memo.termStatistics(t);
          assertThat(got.docFreq()).as(w).isEqualTo(expected.docFreq());
          assertThat(got.totalTermFreq()).as(w).isEqualTo(expected.totalTermFreq());
          assertThat(got.term()).isEqualTo(t.bytes());
        }
      }
      assertThat(first.term().utf8ToString()).isEqualTo("wing");
      assertThat(memo.termStatistics(new Term(dev.mode.core.index.PassageFields.CONTENT, "zeppelin"))).isNull();
      assertThat(memo.termStatistics(new Term(dev.mode.core.index.PassageFields.CONTENT, "zeppelin"))).isNull();
    }
  }

  /** Passages of equal score come in passage-id order, whichever experts hold them. */
  @Test
  void equalScoresAreOrderedByPassageId(@TempDir Path dir) throws Exception {
    float[] v = new float[8];
    v[0] = 1;
    try (var w = GenerationWriter.create(new IndexLayout(dir), 3, new IndexSettings("test", 8, 200, 0, 1))) {
      for (String doc : List.of("c", "b", "a")) { // c in expert 0, b in 1, a in 2: the same text and vector
        w.add(List.of("c", "b", "a").indexOf(doc), new Passage(Passage.idOf(doc, 0), doc, 0, "", "supersonic wing",
            "s", "text/plain", 0, Map.of(), 0, 15, v));
      }
      w.commit(new Manifest.GateInfo("centroid", null));
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (ModeIndex index = ModeIndex.open(dir)) {
      var result = new RoutedRetriever(index, pool).search("supersonic wing", v, List.of(0, 1, 2), 10, 10,
          RetrievalMode.HYBRID, Fusion.rrf(), null);
      assertThat(result.hits()).extracting(Hit::docId).containsExactly("a", "b", "c");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void oneShardAndFourShardsGiveIdenticalScores(@TempDir Path dir) throws Exception {
    for (String q : List.of("supersonic shock wing", "library retrieval index", "heat")) {
      Map<String, Double> one = search(dir.resolve("one-" + q.hashCode()), 1, q);
      Map<String, Double> four = search(dir.resolve("four-" + q.hashCode()), 4, q);
      assertThat(one).isNotEmpty();
      assertThat(four.keySet()).isEqualTo(one.keySet());
      one.forEach((id, s) -> assertThat(four.get(id)).as(id).isEqualTo(s));
    }
  }

  /** Copies count once in the statistics: a replicated index scores every passage as the unreplicated one does. */
  @Test
  void aPassageWrittenToTwoExpertsIsOneHitScoredAsOne(@TempDir Path dir) throws Exception {
    for (String q : List.of("supersonic shock wing", "library retrieval index")) {
      Map<String, Double> once = search(dir.resolve("once-" + q.hashCode()), 4, q);
      Map<String, Double> twice = search(dir.resolve("twice-" + q.hashCode()), 4, q, true);
      assertThat(twice.keySet()).isEqualTo(once.keySet());
      once.forEach((id, s) -> assertThat(twice.get(id)).as(id).isEqualTo(s));
    }
  }

  /**
   * An update that adds a passage to two experts, or a second copy of a passage already in the index, keeps the
   * statistics of the corpus: the same scores as one shard holding each passage once.
   */
  @Test
  void copiesAddedByAnUpdateCountOnce(@TempDir Path dir) throws Exception {
    String q = "library retrieval index";
    List<Passage> ps = corpus();
    Passage added = new Passage(Passage.idOf("new", 0), "new", 0, "", "library index retrieval theory library", "s",
        "text/plain", 0, Map.of(), 0, 37, new float[] {0, 0, 1, 0, 0, 0, 0, 0});
    try (var w = GenerationWriter.create(new IndexLayout(dir.resolve("one")), 1, new IndexSettings("test", 8, 200, 0, 1))) {
      for (Passage p : ps) {
        w.add(0, p);
      }
      w.add(0, added);
      w.commit(new Manifest.GateInfo("centroid", null));
    }
    try (var w = GenerationWriter.create(new IndexLayout(dir.resolve("four")), 4, new IndexSettings("test", 8, 200, 0, 1))) {
      for (int i = 0; i < ps.size(); i++) {
        w.add(i % 4, ps.get(i));
      }
      w.commit(new Manifest.GateInfo("centroid", null));
    }
    try (var u = IndexUpdater.open(new IndexLayout(dir.resolve("four")), 2)) {
      u.add(1, added);
      u.add(2, added);
      u.add(3, ps.get(0)); // a second copy of a passage already in expert 0
      u.commit();
    }
    Map<String, Double> one = scores(dir.resolve("one"), q);
    Map<String, Double> four = scores(dir.resolve("four"), q);
    assertThat(one).containsKey(added.id());
    assertThat(four.keySet()).isEqualTo(one.keySet());
    one.forEach((id, s) -> assertThat(four.get(id)).as(id).isEqualTo(s));
  }

  /** A plain Lucene index of {@code ps} (after {@code replaced} were deleted and added again) searched as a query parser would. */
  private static Map<String, Double> plainLucene(Path dir, List<Passage> ps, List<Passage> replaced, String query)
      throws Exception {
    try (var w = new IndexWriter(FSDirectory.open(dir), new IndexWriterConfig(dev.mode.core.index.PassageFields.analyzer()))) {
      for (Passage p : ps) {
        w.addDocument(plainDocument(p));
      }
      w.commit();
      for (Passage p : replaced) {
        w.deleteDocuments(new Term("id", p.id()));
        w.addDocument(plainDocument(p));
      }
      w.commit();
    }
    try (var r = DirectoryReader.open(FSDirectory.open(dir))) {
      var b = new BooleanQuery.Builder();
      for (String t : dev.mode.core.index.PassageFields.analyze(dev.mode.core.index.PassageFields.analyzer(), query)) {
        b.add(new TermQuery(new Term("content", t)), BooleanClause.Occur.SHOULD); // a repeated term is a repeated clause
      }
      Map<String, Double> out = new HashMap<>();
      for (ScoreDoc sd : new IndexSearcher(r).search(b.build(), 1000).scoreDocs) {
        out.put(r.storedFields().document(sd.doc).get("id"), (double) sd.score);
      }
      return out;
    }
  }

  private static Document plainDocument(Passage p) {
    var d = new Document();
    d.add(new StringField("id", p.id(), Field.Store.YES));
    d.add(new TextField("content", p.title().isBlank() ? p.text() : p.title() + "\n" + p.text(), Field.Store.NO));
    return d;
  }

  /**
   * Replicated experts score every passage exactly as one plain Lucene index of the corpus does, repeated query terms
   * included; after an update that replaces documents, exactly as that index does after the same replacement. Lucene
   * counts a deleted passage in the statistics until its segment is merged away, and so do the global statistics:
   * scores then differ from a fresh build's, as they would in one index.
   */
  @Test
  void scoresEqualAPlainLuceneIndexOfTheCorpusAlsoAfterAnUpdate(@TempDir Path dir) throws Exception {
    List<Passage> ps = corpus();
    List<Passage> replaced = ps.subList(0, 10); // every third of them is replicated
    for (String q : List.of("supersonic shock wing", "library library retrieval index index index")) {
      Path root = dir.resolve("mode-" + q.hashCode());
      search(root, 4, q, true);
      assertThat(scores(root, q)).isEqualTo(plainLucene(dir.resolve("plain-" + q.hashCode()), ps, List.of(), q));
      try (var u = IndexUpdater.open(new IndexLayout(root), 2)) {
        for (int i = 0; i < replaced.size(); i++) {
          u.delete(replaced.get(i).docId());
          u.add((i + 2) % 4, replaced.get(i));
        }
        u.commit();
      }
      assertThat(scores(root, q)).isEqualTo(plainLucene(dir.resolve("replaced-" + q.hashCode()), ps, replaced, q));
    }
  }
}
