package dev.mode.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mode.config.ModeConfig;
import dev.mode.core.embed.EmbeddingModel;
import dev.mode.core.embed.OnnxEmbedder;
import dev.mode.core.index.GenerationWriter;
import dev.mode.core.index.IndexLayout;
import dev.mode.core.index.IndexSettings;
import dev.mode.core.index.Manifest;
import dev.mode.core.index.Passage;
import dev.mode.core.text.Chunk;
import dev.mode.core.text.Chunker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incremental add, update and delete through the engine, and its lifetime, on a real index with real embeddings. */
class ModeEngineUpdateTest {
  static final EmbeddingModel MODEL = EmbeddingModel.BGE_SMALL_EN_V15;

  @TempDir Path root;

  static final List<SourceDocument> CORPUS = List.of(
      doc("volcano", "Mount Vesuvius", "Mount Vesuvius erupted in 79 AD and buried Pompeii under volcanic ash."),
      doc("etna", "Etna", "Etna is an active stratovolcano on the east coast of Sicily."),
      doc("bank", "Interest rates", "The central bank raised interest rates to slow inflation."),
      doc("revenue", "Revenue", "Quarterly revenue rose twelve percent on strong cloud sales."));

  static SourceDocument doc(String id, String title, String text) {
    return new SourceDocument(id, title, text, "test:" + id, "text/plain", 0, Map.of("kind", "test"));
  }

  /** Two experts, geology and finance, built the way the indexer writes them. */
  @BeforeEach
  void buildIndex() throws IOException {
    try (var e = OnnxEmbedder.load(MODEL, 2, 8);
        var w = GenerationWriter.create(new IndexLayout(root), 2, new IndexSettings(MODEL.id(), MODEL.dimension(),
            200, 32, 2))) {
      var chunker = new Chunker(e::tokenize, 200, 32);
      for (int d = 0; d < CORPUS.size(); d++) {
        SourceDocument s = CORPUS.get(d);
        List<Chunk> cs = chunker.chunk(s.text());
        List<float[]> vs = e.embedPassages(cs.stream().map(Chunk::text).toList());
        for (int o = 0; o < cs.size(); o++) {
          w.add(d < 2 ? 0 : 1, new Passage(Passage.idOf(s.id(), o), s.id(), o, s.title(), cs.get(o).text(), s.source(),
              s.contentType(), 0, s.metadata(), cs.get(o).start(), cs.get(o).end(), vs.get(o)));
        }
      }
      w.commit(new Manifest.GateInfo("centroid", null));
    }
  }

  ModeEngine open() {
    return ModeEngine.open(ModeConfig.defaults().withIndexDir(root));
  }

  static List<String> docIds(SearchResult r) {
    return r.hits().stream().map(Hit::docId).distinct().toList();
  }

  static SearchRequest everywhere(String q) {
    return new SearchRequest(q, null, 10, "exhaustive", Map.of());
  }

  @Test
  void addedDocumentGoesToTheGatedExpertAndIsFoundAtOnce() {
    try (ModeEngine engine = open()) {
      long gen = engine.manifest().generation();
      long n = engine.add(List.of(doc("krakatoa", "Krakatoa",
          "Krakatoa is a volcanic island whose 1883 eruption was heard thousands of kilometres away.")));
      assertThat(n).isEqualTo(1);
      assertThat(engine.manifest().generation()).isEqualTo(gen + 1);
      assertThat(engine.manifest().documents()).isEqualTo(5);
      IndexInfo info = engine.info();
      assertThat(info.generation()).isEqualTo(gen + 1);
      assertThat(info.documents()).isEqualTo(5);
      assertThat(info.experts()).isEqualTo(engine.experts().size());
      assertThat(info.generator()).isEqualTo("extractive");
      assertThat(info.extractive()).isTrue();
      assertThat(engine.countTokens("Krakatoa erupted")).isPositive();
      SearchResult r = engine.search(everywhere("Krakatoa eruption 1883"));
      assertThat(r.hits().get(0).docId()).isEqualTo("krakatoa");
      assertThat(r.hits().get(0).expert()).as("routed to the volcano expert").isZero();
      assertThat(r.hits().get(0).metadata()).containsEntry("kind", "test");
    }
  }

  @Test
  void addingAnExistingIdReplacesTheDocument() {
    try (ModeEngine engine = open()) {
      engine.add(List.of(doc("bank", "Interest rates", "The central bank cut interest rates to support employment.")));
      assertThat(engine.manifest().documents()).isEqualTo(4);
      assertThat(engine.manifest().passages()).isEqualTo(4);
      SearchResult r = engine.search(everywhere("bank interest rates"));
      List<Hit> bank = r.hits().stream().filter(h -> h.docId().equals("bank")).toList();
      assertThat(bank).hasSize(1);
      assertThat(bank.get(0).text()).contains("cut interest rates");
    }
  }

  @Test
  void deleteRemovesEveryPassageAndReportsMissingIds() {
    try (ModeEngine engine = open()) {
      assertThat(engine.delete("etna")).isTrue();
      long gen = engine.manifest().generation();
      assertThat(docIds(engine.search(everywhere("Etna Sicily stratovolcano")))).doesNotContain("etna");
      assertThat(engine.delete("etna")).isFalse();
      assertThat(engine.manifest().generation()).as("no generation for a no-op delete").isEqualTo(gen);
      assertThat(engine.experts().get(0).passages()).isEqualTo(1);
    }
  }

  @Test
  void aSecondEngineSeesTheUpdate() {
    try (ModeEngine writer = open(); ModeEngine reader = open()) {
      writer.delete("revenue");
      reader.refresh();
      assertThat(docIds(reader.search(everywhere("quarterly revenue cloud sales")))).doesNotContain("revenue");
    }
  }

  @Test
  void rejectsBadInputWithoutWriting() {
    try (ModeEngine engine = open()) {
      long gen = engine.manifest().generation();
      assertThatThrownBy(() -> engine.add(List.of(doc("a", "", "   ")))).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no text");
      assertThatThrownBy(() -> engine.add(List.of(doc("a", "", "x"), doc("a", "", "y"))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appears twice");
      assertThatThrownBy(() -> engine.delete(" ")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> engine.add(List.of(doc("x".repeat(40_000), "", "text"))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the limit is 32000");
      assertThat(engine.add(List.of())).isZero();
      assertThatThrownBy(() -> engine.search(new SearchRequest("bank", null, -1, null, Map.of())))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("passages must be at least 1");
      assertThat(engine.manifest().generation()).isEqualTo(gen);
    }
  }

  @Test
  void aCancelledUpdateChangesNothingAndOneThatHasStartedToPublishCannotBeCancelled() {
    try (ModeEngine engine = open()) {
      long gen = engine.manifest().generation();
      var cancelled = new Cancellation();
      assertThat(cancelled.cancel()).isTrue();
      assertThatThrownBy(() -> engine.add(List.of(doc("surtsey", "Surtsey", "Surtsey rose from the sea in 1963.")),
          cancelled)).isInstanceOf(java.util.concurrent.CancellationException.class)
          .hasMessageContaining("index is unchanged");
      assertThatThrownBy(() -> engine.delete("etna", cancelled))
          .isInstanceOf(java.util.concurrent.CancellationException.class);
      assertThat(engine.manifest().generation()).isEqualTo(gen);
      assertThat(docIds(engine.search(everywhere("Surtsey sea 1963")))).doesNotContain("surtsey");
      assertThat(docIds(engine.search(everywhere("Etna Sicily stratovolcano")))).contains("etna");

      var running = new Cancellation();
      assertThat(engine.delete("etna", running)).isTrue();
      assertThat(running.cancel()).as("published: too late to cancel").isFalse();
      assertThat(running.isCancelled()).isFalse();
      assertThat(engine.manifest().generation()).isEqualTo(gen + 1);
    }
  }

  /**
   * Closing the engine while a request runs on another thread must not free the ONNX sessions under it (ONNX
   * Runtime does not wait; the process would crash): close() waits for the request, then frees the models, and later
   * requests fail with a clear error.
   */
  @Test
  void closingWhileARequestRunsWaitsForIt() throws Exception {
    ModeEngine engine = open();
    var routed = new java.util.concurrent.CountDownLatch(1);
    var release = new java.util.concurrent.CountDownLatch(1);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      // the listener holds the request after routing, before the generator embeds its sentences
      var running = pool.submit(() -> engine.askStreaming(everywhere("When did Vesuvius erupt?"), new AnswerListener() {
        @Override
        public void onRouting(Routing routing) {
          routed.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }, new Cancellation()));
      routed.await();
      var closing = pool.submit(engine::close);
      Thread.sleep(300);
      assertThat(closing.isDone()).as("close() waits for the request in progress").isFalse();
      assertThat(engine.embedder().embedQuery("still open while a request runs")).hasSize(MODEL.dimension());
      release.countDown();
      Answer answer = running.get();
      assertThat(answer.citations()).isNotEmpty();
      closing.get();
      assertThatThrownBy(() -> engine.embedder().embedQuery("x")).hasMessageContaining("closed");
      assertThatThrownBy(() -> engine.ask("When did Vesuvius erupt?")).isInstanceOf(ModeException.class)
          .hasMessageContaining("closed");
    } finally {
      release.countDown();
      pool.shutdown();
      engine.close();
    }
  }

  /**
   * A call refused for a null argument must not stay counted as a request in progress: close() from another thread
   * would wait for it forever, and the index and models would never be freed.
   */
  @Test
  void aRefusedCallLeavesTheEngineClosable() throws Exception {
    ModeEngine engine = open();
    var caller = java.util.concurrent.Executors.newSingleThreadExecutor();
    var closer = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      assertThatThrownBy(() -> caller.submit(() -> engine.askStreaming(everywhere("bank"), new AnswerListener() {},
          null)).get()).cause().isInstanceOf(NullPointerException.class).hasMessageContaining("cancellation");
      assertThatThrownBy(() -> engine.search(null)).isInstanceOf(NullPointerException.class)
          .hasMessageContaining("request");
      assertThatThrownBy(() -> engine.add(null)).isInstanceOf(NullPointerException.class)
          .hasMessageContaining("documents");
      closer.submit(engine::close).get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThatThrownBy(() -> engine.ask("bank")).isInstanceOf(ModeException.class).hasMessageContaining("closed");
    } finally {
      caller.shutdownNow();
      closer.shutdownNow();
    }
  }

  /**
   * An open that fails after the index generation was opened (here the generator cannot be built, as with a bad
   * decoder model) must close the generation again: Lucene keeps its shard files mapped until then. Linux only:
   * {@code /proc/self/maps} lists the files a process has mapped.
   */
  @Test
  void aFailedOpenLeavesNoIndexFileOpen() throws IOException {
    Path maps = Path.of("/proc/self/maps");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(maps));
    try (ModeEngine engine = open()) {
      assertThat(mappedUnder(maps, root)).as("the check sees an open index").isPositive();
    }
    assertThat(mappedUnder(maps, root)).isZero();
    assertThatThrownBy(() -> ModeEngine.open(ModeConfig.defaults().withIndexDir(root), embedder -> {
      throw new ModeException("no such model");
    })).hasMessage("no such model");
    assertThat(mappedUnder(maps, root)).isZero();
  }

  private static long mappedUnder(Path maps, Path dir) throws IOException {
    String prefix = dir.toRealPath().toString() + "/";
    return java.nio.file.Files.readAllLines(maps).stream().filter(l -> l.contains(prefix)).count();
  }

  /** A damaged index is reported by refresh() as a ModeException, like add and delete do; serving goes on. */
  @Test
  void refreshReportsADamagedIndexAsAModeException() throws IOException {
    try (ModeEngine engine = open()) {
      java.nio.file.Files.writeString(root.resolve("CURRENT"), "gen-999999\n");
      assertThatThrownBy(engine::refresh).isInstanceOf(ModeException.class).hasMessageContaining("gen-999999");
      assertThat(docIds(engine.search(everywhere("Etna Sicily")))).contains("etna");
    }
  }

  /** A listener may close the engine it is listening to: no deadlock, the answer completes, later calls fail. */
  @Test
  void aListenerCanCloseTheEngine() {
    ModeEngine engine = open();
    Answer answer = engine.askStreaming(everywhere("What did the central bank do?"), new AnswerListener() {
      @Override
      public void onRouting(Routing routing) {
        engine.close();
      }
    }, new Cancellation());
    assertThat(answer.question()).isEqualTo("What did the central bank do?");
    assertThatThrownBy(() -> engine.search(everywhere("bank"))).isInstanceOf(ModeException.class);
  }
}
