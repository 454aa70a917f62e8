package dev.mode.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mode.config.ModeConfig;
import dev.mode.core.ModeEngine;
import dev.mode.core.SearchRequest;
import dev.mode.core.SearchResult;
import dev.mode.core.embed.EmbeddingModel;
import dev.mode.core.embed.OnnxEmbedder;
import dev.mode.core.index.ExpertShard;
import dev.mode.core.index.IndexLayout;
import dev.mode.core.index.Manifest;
import dev.mode.core.index.ModeIndex;
import dev.mode.core.index.PassageFields;
import dev.mode.indexer.ingest.FileTreeSource;
import dev.mode.indexer.ingest.JsonlSource;
import dev.mode.indexer.ingest.Skipped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.util.Bits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Indexer API end to end: full build, incremental add/update/delete, rebalance, with real embeddings. */
class IndexerTest {
  static OnnxEmbedder embedder;

  @TempDir Path dir;

  @BeforeAll
  static void load() {
    embedder = OnnxEmbedder.load(EmbeddingModel.ALL_MINILM_L6_V2, 2, 16);
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  Indexer.Builder indexer(Map<String, String> settings) {
    return Indexer.builder().config(TestCorpus.config(dir.resolve("index"), settings)).embedder(embedder);
  }

  IndexReport build() throws IOException {
    return indexer(Map.of("experts.count", "3"))
        .source(new JsonlSource(TestCorpus.writeJsonl(dir.resolve("corpus.jsonl"), TestCorpus.DOCS))).build()
        .run(ProgressListener.NONE);
  }

  /** A job on an index another writer holds fails before it parses or embeds anything. */
  @Test
  void aJobOnAnIndexAnotherWriterHoldsFailsBeforeAnyWork() throws IOException {
    build();
    List<String> stages = new ArrayList<>();
    try (var held = new IndexLayout(dir.resolve("index")).lockForWriting()) {
      assertThatThrownBy(() -> indexer(Map.of("experts.count", "3"))
          .source(new JsonlSource(dir.resolve("corpus.jsonl"))).build()
          .run((stage, done, total) -> stages.add(stage)))
          .hasMessageContaining("another writer is updating the index");
    }
    assertThat(stages).as("no stage started").isEmpty();
    build(); // the lock released, the next job runs
  }

  /** Document ids held by each expert of the live generation. */
  static List<Set<String>> docsPerExpert(Path index) throws IOException {
    List<Set<String>> out = new ArrayList<>();
    try (ModeIndex idx = ModeIndex.open(index)) {
      for (ExpertShard s : idx.shards()) {
        Set<String> ids = new TreeSet<>();
        for (LeafReaderContext ctx : s.reader().leaves()) {
          Bits live = ctx.reader().getLiveDocs();
          for (int d = 0; d < ctx.reader().maxDoc(); d++) {
            if (live == null || live.get(d)) {
              ids.add(ctx.reader().storedFields().document(d).get(PassageFields.DOC_ID));
            }
          }
        }
        out.add(ids);
      }
    }
    return out;
  }

  ModeEngine engine() {
    return ModeEngine.open(TestCorpus.config(dir.resolve("index"), Map.of()));
  }

  static List<String> topDocs(ModeEngine e, String q) {
    SearchResult r = e.search(new SearchRequest(q, null, 5, "exhaustive", Map.of()));
    return r.hits().stream().map(h -> h.docId()).distinct().toList();
  }

  @Test
  void fullBuildGroupsTopicsIntoExpertsAndReportsWhatItSkipped() throws IOException {
    Path jsonl = TestCorpus.writeJsonl(dir.resolve("corpus.jsonl"), TestCorpus.DOCS);
    Files.writeString(jsonl, Files.readString(jsonl) + "{broken\n{\"id\": \"v1\", \"text\": \"duplicate\"}\n");
    Path files = Files.createDirectories(dir.resolve("files"));
    Files.writeString(files.resolve("note.md"), "# Whisks\n\nA balloon whisk beats air into cream.");
    Files.write(files.resolve("empty.txt"), new byte[0]);
    List<String> stages = new ArrayList<>();
    IndexReport r = indexer(Map.of("experts.count", "3")).source(new JsonlSource(jsonl))
        .source(new FileTreeSource(List.of(files), List.of(), List.of())).build()
        .run((stage, done, total) -> {
          if (stages.isEmpty() || !stages.get(stages.size() - 1).equals(stage)) {
            stages.add(stage);
          }
        });
    assertThat(r.documents()).isEqualTo(19);
    assertThat(r.experts()).isEqualTo(3);
    assertThat(r.passages()).as("one passage per document").isEqualTo(19);
    // experts.replication (0.2): the 4 documents nearest a boundary are also in their second-nearest expert
    assertThat(r.expertSizes().stream().mapToLong(Long::longValue).sum()).isEqualTo(r.passages() + 4);
    assertThat(r.skipped()).extracting(Skipped::reason)
        .containsExactlyInAnyOrder("not valid JSON", "duplicate id v1 (the first one is indexed)", "empty file");
    assertThat(stages).containsExactly("parse", "chunk", "embed", "cluster", "write", "gate");
    assertThat(r.stageMillis()).containsKeys("parse", "chunk", "embed", "cluster", "write", "gate");

    List<Set<String>> experts = docsPerExpert(dir.resolve("index"));
    for (String prefix : List.of("v", "f", "c")) {
      assertThat(experts).as("topic " + prefix + " in one expert").anySatisfy(ids ->
          assertThat(ids).containsAll(TestCorpus.DOCS.stream().map(d -> d[0]).filter(id -> id.startsWith(prefix)).toList()));
    }
    Manifest m = Manifest.read(new IndexLayout(dir.resolve("index")).requireCurrent());
    assertThat(m.embeddingModel()).isEqualTo("all-minilm-l6-v2");
    assertThat(m.dimension()).isEqualTo(384);
    assertThat(m.changedSinceClustering()).isZero();
    assertThat(m.experts()).allSatisfy(e -> {
      assertThat(e.label()).matches("[a-z' ,]+");
      assertThat(e.topTerms()).isNotEmpty();
    });
    assertThat(String.join(" ", m.experts().stream().map(Manifest.Expert::label).toList()))
        .as("labels are words, not stems").containsAnyOf("volcanic", "eruption", "lava", "ash")
        .doesNotContain("erupt,", "volcan,");
  }

  @Test
  void sameInputAndSeedGiveTheSameExperts() throws IOException {
    build();
    List<Set<String>> first = docsPerExpert(dir.resolve("index"));
    build();
    assertThat(docsPerExpert(dir.resolve("index"))).isEqualTo(first);
  }

  @Test
  void addUpdateAndDeleteWithoutRebuildThenSearch() throws IOException {
    build();
    Path more = TestCorpus.writeJsonl(dir.resolve("more.jsonl"), List.of(
        new String[] {"v7", "Stromboli", "Stromboli erupts almost continuously, throwing glowing lava bombs."},
        new String[] {"f1", "Interest rates", "The central bank cut interest rates to support jobs."}));
    UpdateReport added = indexer(Map.of()).source(new JsonlSource(more)).build().add(ProgressListener.NONE);
    assertThat(added.documentsAdded()).isEqualTo(2);
    assertThat(added.passagesDeleted()).as("old f1 replaced").isEqualTo(1);
    assertThat(added.changedSinceClustering()).isEqualTo(added.passagesAdded());
    List<Set<String>> experts = docsPerExpert(dir.resolve("index"));
    assertThat(experts).as("the volcano expert got Stromboli")
        .anySatisfy(ids -> assertThat(ids).contains("v1", "v2", "v7"));
    assertThat(experts.stream().filter(ids -> ids.contains("f1")).count()).as("replaced, not duplicated").isEqualTo(1);

    try (ModeEngine e = engine()) {
      assertThat(topDocs(e, "Stromboli lava bombs").get(0)).isEqualTo("v7");
      var hit = e.search(new SearchRequest("central bank interest rates", null, 5, "exhaustive", Map.of())).hits().get(0);
      assertThat(hit.docId()).isEqualTo("f1");
      assertThat(hit.text()).contains("cut interest rates");
    }

    long beforeDelete = Manifest.read(new IndexLayout(dir.resolve("index")).requireCurrent()).generation();
    UpdateReport refused = indexer(Map.of()).build().delete(List.of("v7", "c1", "nope"));
    assertThat(refused.notFound()).containsExactly("nope");
    assertThat(refused.passagesDeleted()).as("all or nothing").isZero();
    assertThat(Manifest.read(new IndexLayout(dir.resolve("index")).requireCurrent()).generation())
        .as("an id not found: nothing published").isEqualTo(beforeDelete);
    try (ModeEngine e = engine()) {
      assertThat(topDocs(e, "Stromboli lava bombs").get(0)).isEqualTo("v7");
    }
    UpdateReport deleted = indexer(Map.of()).build().delete(List.of("v7", "c1"));
    assertThat(deleted.notFound()).isEmpty();
    assertThat(deleted.passagesDeleted()).isEqualTo(2);
    try (ModeEngine e = engine()) {
      assertThat(topDocs(e, "Stromboli lava bombs")).doesNotContain("v7");
      assertThat(topDocs(e, "knead the dough")).doesNotContain("c1");
      assertThat(e.info().documents()).isEqualTo(17);
    }
    long gen = Manifest.read(new IndexLayout(dir.resolve("index")).requireCurrent()).generation();
    UpdateReport none = indexer(Map.of()).build().delete(List.of("nope"));
    assertThat(none.notFound()).containsExactly("nope");
    assertThat(Manifest.read(new IndexLayout(dir.resolve("index")).requireCurrent()).generation())
        .as("nothing to delete, nothing published").isEqualTo(gen);
  }

  @Test
  void rebalanceReclustersFromStoredVectorsOnlyWhenDrifted() throws IOException {
    build();
    Indexer plain = indexer(Map.of("experts.rebalance-threshold", "0.3")).build();
    RebalanceReport noDrift = plain.rebalance(false, ProgressListener.NONE);
    assertThat(noDrift.rebalanced()).isFalse();
    assertThat(noDrift.reason()).startsWith("no drift");

    // a burst of finance documents lands in the finance expert: drift past the threshold
    List<String[]> burst = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      burst.add(new String[] {"fx" + i, "Markets " + i, "Investors sold shares and bought bonds as interest rates "
          + "rose for the " + (i + 2) + "th time, and the bank's stock fell."});
    }
    indexer(Map.of()).source(new JsonlSource(TestCorpus.writeJsonl(dir.resolve("burst.jsonl"), burst))).build()
        .add(ProgressListener.NONE);
    Manifest before = Manifest.read(new IndexLayout(dir.resolve("index")).requireCurrent());
    RebalanceReport r = plain.rebalance(false, ProgressListener.NONE);
    assertThat(r.rebalanced()).isTrue();
    assertThat(r.reason()).contains("changed since the last clustering");
    Manifest after = Manifest.read(new IndexLayout(dir.resolve("index")).requireCurrent());
    assertThat(after.generation()).isEqualTo(before.generation() + 1);
    assertThat(after.passages()).isEqualTo(before.passages());
    assertThat(after.documents()).isEqualTo(before.documents());
    assertThat(after.changedSinceClustering()).isZero();
    assertThat(after.experts()).hasSize(3);
    long cap = (long) Math.ceil(2.0 * after.passages() / 3);
    assertThat(r.sizesAfter()).allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(cap));
    try (ModeEngine e = engine()) {
      assertThat(topDocs(e, "Tambora year without a summer").get(0)).isEqualTo("v4");
    }
    assertThat(plain.rebalance(false, ProgressListener.NONE).rebalanced()).isFalse();
    assertThat(plain.rebalance(true, ProgressListener.NONE).reason()).isEqualTo("forced");
  }

  @Test
  void nothingToIndexIsAClearError() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("nothing"));
    Files.write(empty.resolve("empty.txt"), new byte[0]);
    Indexer i = indexer(Map.of()).source(new FileTreeSource(List.of(empty), List.of(), List.of())).build();
    assertThatThrownBy(() -> i.run(ProgressListener.NONE)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no document could be indexed").hasMessageContaining("empty file");
    assertThatThrownBy(() -> indexer(Map.of()).build().run(ProgressListener.NONE))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no document source");
    assertThatThrownBy(() -> indexer(Map.of()).build().delete(List.of("x")))
        .hasMessageContaining("no MODE index");
    assertThat(new IndexLayout(dir.resolve("index")).current()).isEmpty();
  }

  @Test
  void defaultExpertCountGrowsWithTheCorpus() {
    assertThat(Indexer.defaultExperts(1)).isEqualTo(1);
    assertThat(Indexer.defaultExperts(100)).isEqualTo(4);
    assertThat(Indexer.defaultExperts(2000)).isEqualTo(16);
    assertThat(Indexer.defaultExperts(10_000_000)).isEqualTo(64);
  }

  @Test
  void replicationWritesTheConfiguredShareOfDocumentsToASecondExpertAndZeroWritesNone() throws IOException {
    Path corpus = TestCorpus.writeJsonl(dir.resolve("corpus.jsonl"), TestCorpus.DOCS);
    for (String share : List.of("0.2", "0")) {
      IndexReport r = indexer(Map.of("experts.count", "3", "experts.replication", share))
          .source(new JsonlSource(corpus)).build().run(ProgressListener.NONE);
      Map<String, Integer> holders = new java.util.HashMap<>();
      for (Set<String> ids : docsPerExpert(dir.resolve("index"))) {
        ids.forEach(id -> holders.merge(id, 1, Integer::sum));
      }
      long twice = holders.values().stream().filter(n -> n == 2).count();
      assertThat(holders).hasSize(TestCorpus.DOCS.size());
      assertThat(holders.values()).allSatisfy(n -> assertThat(n).isBetween(1, 2));
      assertThat(twice).as("documents in two experts with replication " + share)
          .isEqualTo(Math.round(Double.parseDouble(share) * TestCorpus.DOCS.size()));
      assertThat(r.passages()).as("distinct passages, copies aside").isEqualTo(TestCorpus.DOCS.size());
      try (ModeEngine e = engine()) {
        assertThat(topDocs(e, "Tambora year without a summer").get(0)).isEqualTo("v4");
        SearchResult all = e.search(new SearchRequest("volcano eruption ash", null, 19, "exhaustive", Map.of()));
        assertThat(all.hits()).as("a copied passage is one hit").extracting(h -> h.passageId())
            .doesNotHaveDuplicates();
      }
    }
  }

  @Test
  void documentsAddedLaterAreCopiedByTheRuleTheBuildFollowed() throws IOException {
    Path corpus = TestCorpus.writeJsonl(dir.resolve("corpus.jsonl"), TestCorpus.DOCS);
    Path more = TestCorpus.writeJsonl(dir.resolve("more.jsonl"), List.of(
        new String[] {"x1", "Ash and markets", "Volcanic ash grounded flights, and airline shares fell as investors "
            + "sold stocks and bought bonds."},
        new String[] {"v8", "Pinatubo", "Pinatubo erupted in 1991; its lava and ash buried the valleys below."}));
    for (String share : List.of("0.2", "0")) {
      indexer(Map.of("experts.count", "3", "experts.replication", share)).source(new JsonlSource(corpus)).build()
          .run(ProgressListener.NONE);
      Manifest built = Manifest.read(new IndexLayout(dir.resolve("index")).requireCurrent());
      if (share.equals("0")) {
        assertThat(built.replication()).as("no copies, no rule").isNull();
      } else {
        assertThat(built.replication().share()).isEqualTo(0.2);
        assertThat(built.replication().maxGap()).isPositive();
      }
      // the configuration's experts.replication does not matter here: the index's own rule places the documents
      UpdateReport added = indexer(Map.of()).source(new JsonlSource(more)).build().add(ProgressListener.NONE);
      assertThat(added.passagesAdded()).as("distinct passages").isEqualTo(2);
      Map<String, Integer> holders = new java.util.HashMap<>();
      for (Set<String> ids : docsPerExpert(dir.resolve("index"))) {
        ids.forEach(id -> holders.merge(id, 1, Integer::sum));
      }
      assertThat(holders.get("x1")).as("a document between volcanoes and finance, replication " + share)
          .isEqualTo(share.equals("0") ? 1 : 2);
      assertThat(holders.get("v8")).as("a document about volcanoes only").isEqualTo(1);
      Manifest after = Manifest.read(new IndexLayout(dir.resolve("index")).requireCurrent());
      assertThat(after.passages()).isEqualTo(TestCorpus.DOCS.size() + 2);
      if (built.replication() != null) {
        assertThat(after.replication()).as("carried over, counting the update")
            .isEqualTo(built.replication().afterUpdate(2, 1));
      } else {
        assertThat(after.replication()).isNull();
      }
    }
  }

  @Test
  void defaultConfigurationUsesTheBalancedClusterer() {
    ModeConfig c = TestCorpus.config(dir, Map.of("experts.max-size-factor", "1.5", "experts.sample-size", "500"));
    assertThat(Indexer.defaultClusterer(c)).isInstanceOf(dev.mode.indexer.cluster.BalancedKMeans.class);
  }

  static long generation(Path index) throws IOException {
    return Manifest.read(new IndexLayout(index).requireCurrent()).generation();
  }

  @Test
  void aHugeIdIsSkippedAndAHugeMetadataValueIsStoredButNotFilterable() throws IOException {
    Path jsonl = TestCorpus.writeJsonl(dir.resolve("corpus.jsonl"), TestCorpus.DOCS);
    String longId = "L".repeat(40_000);
    String blob = "z".repeat(40_000);
    Files.writeString(jsonl, Files.readString(jsonl)
        + "{\"id\": \"" + longId + "\", \"text\": \"A document whose id is forty thousand characters long.\"}\n"
        + "{\"id\": \"m1\", \"title\": \"Meringue\", \"text\": \"Whisk egg whites with sugar into a stiff meringue.\","
        + " \"metadata\": {\"blob\": \"" + blob + "\", \"topic\": \"c\"}}\n");
    IndexReport r = indexer(Map.of("experts.count", "3")).source(new JsonlSource(jsonl)).build()
        .run(ProgressListener.NONE);
    assertThat(r.documents()).isEqualTo(TestCorpus.DOCS.size() + 1);
    assertThat(r.skipped()).singleElement().satisfies(sk -> {
      assertThat(sk.reason()).isEqualTo("id too long (40,000 bytes in UTF-8, at most 32,000)");
      assertThat(sk.source()).hasSizeLessThan(300);
    });
    try (ModeEngine e = engine()) {
      var hit = e.search(new SearchRequest("stiff meringue egg whites", null, 5, "exhaustive", Map.of("topic", "c")))
          .hits().get(0);
      assertThat(hit.docId()).isEqualTo("m1");
      assertThat(hit.metadata()).as("the stored metadata keeps the value").containsEntry("blob", blob);
      assertThat(e.search(new SearchRequest("stiff meringue", null, 5, "exhaustive", Map.of("blob", blob))).hits())
          .as("a value over Lucene's term limit is not a filter term").isEmpty();
    }

    // the same document through the incremental path (DocumentUpdates.write), and the long id again
    Path more = dir.resolve("more.jsonl");
    Files.writeString(more, "{\"id\": \"m2\", \"text\": \"Pavlova is a meringue cake with fruit.\", \"metadata\":"
        + " {\"blob\": \"" + blob + "\"}}\n{\"id\": \"" + longId + "\", \"text\": \"Long id again.\"}\n");
    UpdateReport added = indexer(Map.of()).source(new JsonlSource(more)).build().add(ProgressListener.NONE);
    assertThat(added.documentsAdded()).isEqualTo(1);
    assertThat(added.skipped()).extracting(Skipped::reason).singleElement().asString().startsWith("id too long");
  }

  @Test
  void textLongerThanTheCharacterLimitIsSkipped() throws IOException {
    Path jsonl = TestCorpus.writeJsonl(dir.resolve("corpus.jsonl"), List.<String[]>of(TestCorpus.DOCS.get(0),
        new String[] {"big", "Big", "word ".repeat(400)}));
    IndexReport r = indexer(Map.of("chunking.max-document-chars", "1000")).source(new JsonlSource(jsonl)).build()
        .run(ProgressListener.NONE);
    assertThat(r.documents()).isEqualTo(1);
    assertThat(r.skipped()).extracting(Skipped::reason)
        .containsExactly("text too long (2,000 characters, chunking.max-document-chars is 1,000)");
  }

  @Test
  void addWithNothingTheModelCanReadFailsAndPublishesNothing() throws IOException {
    build();
    Path index = dir.resolve("index");
    long gen = generation(index);
    List<Path> generations = new IndexLayout(index).generations();
    Path ctl = dir.resolve("ctl.jsonl");
    Files.writeString(ctl, "{\"id\":\"ctl\",\"text\":\"\\u0007\\u0008\\u0001\"}\n");
    Indexer add = indexer(Map.of()).source(new JsonlSource(ctl)).build();
    assertThatThrownBy(() -> add.add(ProgressListener.NONE)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no document could be indexed: none has text the model can read");
    assertThat(generation(index)).isEqualTo(gen);
    assertThat(new IndexLayout(index).generations()).as("nothing published, nothing pruned").isEqualTo(generations);
    Indexer build = indexer(Map.of()).source(new JsonlSource(ctl)).build();
    assertThatThrownBy(() -> build.run(ProgressListener.NONE))
        .hasMessage("no document could be indexed: none has text the model can read");
  }

  @Test
  void addingAFileOnItsOwnDoesNotIndexItTwiceUnderAnotherId() throws IOException {
    Path corpus = dir.resolve("corpus");
    Path caramel = Files.createDirectories(corpus.resolve("cooking")).resolve("caramel.md");
    Files.writeString(caramel, "# Caramel\n\nHeat sugar slowly until it melts and turns a deep amber caramel.");
    Files.writeString(Files.createDirectories(corpus.resolve("volcanoes")).resolve("etna.md"),
        "# Etna\n\nEtna is an active stratovolcano on Sicily with frequent lava flows.");
    indexer(Map.of("experts.count", "2")).source(new FileTreeSource(List.of(corpus), List.of(), List.of())).build()
        .run(ProgressListener.NONE);
    Path index = dir.resolve("index");
    long gen = generation(index);

    Files.writeString(caramel, "# Caramel\n\nCook sugar to a deep amber, then stop it with cream.");
    Indexer renamed = indexer(Map.of()).source(new FileTreeSource(List.of(caramel), List.of(), List.of())).build();
    assertThatThrownBy(() -> renamed.add(ProgressListener.NONE)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no document could be indexed")
        .hasMessageContaining("this file is already indexed as cooking/caramel.md, not caramel.md");
    assertThat(generation(index)).isEqualTo(gen);

    UpdateReport replaced = indexer(Map.of())
        .source(new FileTreeSource(List.of(caramel), List.of(), List.of()).withIdRoot(corpus)).build()
        .add(ProgressListener.NONE);
    assertThat(replaced.documentsAdded()).isEqualTo(1);
    assertThat(replaced.passagesDeleted()).as("the build's document replaced").isEqualTo(1);
    try (ModeEngine e = engine()) {
      assertThat(e.info().documents()).isEqualTo(2);
      assertThat(e.search(new SearchRequest("caramel sugar cream", null, 5, "exhaustive", Map.of())).hits().get(0)
          .text()).contains("stop it with cream");
    }
  }

  /**
   * The clustering balances documents, so balance is judged in documents: one long document makes its expert hold
   * many more passages than the others, which is no reason to re-cluster (it would change nothing, every time).
   */
  @Test
  void oneLongDocumentDoesNotMakeTheIndexLookUnbalanced() throws IOException {
    List<String[]> docs = new ArrayList<>(TestCorpus.DOCS);
    docs.add(new String[] {"long", "Sourdough", ("Sourdough bread rises with a starter of wild yeast and lactic acid "
        + "bacteria, which also give it its sour taste. ").repeat(60)});
    Path corpus = TestCorpus.writeJsonl(dir.resolve("long.jsonl"), docs);
    Indexer indexer = indexer(Map.of("experts.count", "3", "experts.replication", "0")).source(new JsonlSource(corpus))
        .build();
    IndexReport built = indexer.run(ProgressListener.NONE);
    long mean = built.passages() / 3;
    assertThat(built.expertSizes().stream().mapToLong(Long::longValue).max().orElseThrow())
        .as("passages: the long document's expert is over twice the mean").isGreaterThan(2 * mean);
    RebalanceReport r = indexer.rebalance(false, ProgressListener.NONE);
    assertThat(r.rebalanced()).as(r.reason()).isFalse();
    assertThat(r.reason()).contains("mean documents");
  }

  @Test
  void rebalanceNeverMakesMoreExpertsThanDocuments() throws IOException {
    Path two = TestCorpus.writeJsonl(dir.resolve("two.jsonl"), TestCorpus.DOCS.subList(0, 2));
    indexer(Map.of("experts.count", "2")).source(new JsonlSource(two)).build().run(ProgressListener.NONE);
    RebalanceReport r = indexer(Map.of("experts.count", "5")).build().rebalance(true, ProgressListener.NONE);
    assertThat(r.sizesAfter()).hasSize(2).allSatisfy(n -> assertThat(n).isPositive());
    assertThat(Manifest.read(new IndexLayout(dir.resolve("index")).requireCurrent()).experts()).hasSize(2);
  }

  @Test
  void addNoticesTheIndexWasRebuiltWithAnotherOverlapMeanwhile() throws IOException {
    build();
    Path more = TestCorpus.writeJsonl(dir.resolve("more.jsonl"), List.<String[]>of(
        new String[] {"v7", "Stromboli", "Stromboli erupts almost continuously, throwing glowing lava bombs."}));
    Path corpus = dir.resolve("corpus.jsonl");
    Indexer add = indexer(Map.of()).source(new JsonlSource(more)).build();
    assertThatThrownBy(() -> add.add((stage, done, total) -> {
      if (stage.equals("embed") && done == total && done > 0) { // prepared with overlap 8; now rebuild with 4
        try {
          indexer(Map.of("experts.count", "3", "chunking.overlap-tokens", "4")).source(new JsonlSource(corpus))
              .build().run(ProgressListener.NONE);
        } catch (IOException ex) {
          throw new java.io.UncheckedIOException(ex);
        }
      }
    })).isInstanceOf(IllegalStateException.class).hasMessageContaining("rebuilt with other settings");
    Manifest live = Manifest.read(new IndexLayout(dir.resolve("index")).requireCurrent());
    assertThat(live.chunkOverlapTokens()).isEqualTo(4);
    assertThat(live.documents()).as("nothing added to the rebuilt index").isEqualTo(TestCorpus.DOCS.size());
  }

  @Test
  void anIndexDirectoryThatIsAFileFailsBeforeReadingAnything() throws IOException {
    Files.writeString(dir.resolve("index"), "not an index");
    java.util.concurrent.atomic.AtomicBoolean read = new java.util.concurrent.atomic.AtomicBoolean();
    Indexer i = indexer(Map.of()).source((docs, skipped) -> read.set(true)).build();
    String message = "the index directory " + dir.resolve("index") + " is a file, not a directory";
    assertThatThrownBy(() -> i.run(ProgressListener.NONE)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> i.add(ProgressListener.NONE)).hasMessage(message);
    assertThatThrownBy(() -> i.delete(List.of("x"))).hasMessage(message);
    assertThatThrownBy(() -> i.rebalance(true, ProgressListener.NONE)).hasMessage(message);
    assertThat(read).as("no source was read").isFalse();
  }
}
