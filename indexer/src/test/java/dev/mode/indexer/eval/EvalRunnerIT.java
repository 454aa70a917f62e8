package dev.mode.indexer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mode.indexer.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The whole evaluation on a 20-paragraph slice of XQuAD: index with a learned gate, every mode, JSON and plot. */
class EvalRunnerIT {

  @Test
  void evaluatesEveryModeAndWritesJsonAndPlot(@TempDir Path tmp) throws Exception {
    Path data = Path.of(EvalRunnerIT.class.getResource("/xquad-mini/corpus.jsonl").toURI()).getParent();
    BeirDataset ds = BeirDataset.load(data);
    Path index = EvalRunner.defaultIndexDir(tmp, ds.name(), 3, "default");
    var loader = dev.mode.config.ConfigLoader.withDefaults();
    loader.set("experts.count", "3", "test");
    var config = loader.load().withIndexDir(index);
    List<String> log = new ArrayList<>();
    var runner = new EvalRunner(config, log::add);
    runner.ensureIndex(ds, "default", false, ProgressListener.NONE);
    EvalReport report = runner.evaluate(ds, "default", tmp.resolve("runs"));
    assertThat(report.queries()).isEqualTo(40);
    assertThat(report.results()).extracting(ModeResult::label).containsExactly("hybrid", "bm25", "dense", "centroid k=1",
        "centroid k=2", "centroid k=3", "learned k=1", "learned k=2", "learned k=3", "adaptive");
    ModeResult hybrid = report.results().get(0);
    assertThat(hybrid.ndcgAt10()).isGreaterThan(0.7);
    assertThat(hybrid.routingRecall()).isEqualTo(1.0);
    assertThat(hybrid.answerF1()).isNotNull().isGreaterThan(0.0);
    assertThat(hybrid.goldRecallAt5()).isGreaterThan(0.7);
    assertThat(report.results().get(1).answerF1()).as("answers only for hybrid and k=2").isNull();
    ModeResult learned1 = report.results().get(6);
    assertThat(learned1.expertsSearched()).isEqualTo(1.0);
    assertThat(learned1.passagesScored()).isLessThan(hybrid.passagesScored());

    // the run files hold the rankings the metrics scored: read back, they give the report's figures
    for (ModeResult r : report.results()) {
      var ranked = new java.util.LinkedHashMap<String, List<String>>();
      for (String line : Files.readAllLines(tmp.resolve("runs").resolve(r.mode() + (r.k() == null ? "" : "-k" + r.k()) + ".run"))) {
        String[] f = line.split(" ");
        ranked.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[2]);
      }
      double ndcg = 0;
      double recall = 0;
      for (BeirDataset.Query q : ds.queries()) {
        ndcg += RankingMetrics.ndcg(ranked.getOrDefault(q.id(), List.of()), ds.qrels().get(q.id()), 10);
        recall += RankingMetrics.recall(ranked.getOrDefault(q.id(), List.of()), ds.qrels().get(q.id()), 100);
      }
      assertThat(ndcg / ds.queries().size()).as(r.label()).isCloseTo(r.ndcgAt10(), org.assertj.core.api.Assertions.within(1e-12));
      assertThat(recall / ds.queries().size()).as(r.label()).isCloseTo(r.recallAt100(), org.assertj.core.api.Assertions.within(1e-12));
    }

    Path json = tmp.resolve("out/r.json");
    report.writeJson(json);
    JsonNode root = JsonMapper.builder().build().readTree(json.toFile());
    assertThat(root.get("dataset").asString()).isEqualTo("xquad-mini");
    assertThat(root.get("experts").asInt()).isEqualTo(3);
    assertThat(root.get("assigner").asString()).as("the default construction, named").isEqualTo("boundary-0.2");
    assertThat(root.get("results").get(0).get("k").isNull()).isTrue();
    assertThat(root.get("results").get(7).get("k").asInt()).isEqualTo(2);
    assertThat(root.get("results").get(7).has("gold_recall_at_5")).isTrue();
    Path svg = tmp.resolve("out/r.svg");
    SvgPlot.write(report, svg);
    assertThat(Files.readString(svg)).startsWith("<svg").contains("learned gate").contains("polyline");

    // a second run reuses the index; another assigner regroups its passages without embedding again
    var again = new EvalRunner(config, log::add);
    again.ensureIndex(ds, "default", false, ProgressListener.NONE);
    assertThat(log).anyMatch(l -> l.startsWith("reusing"));
    Path other = EvalRunner.defaultIndexDir(tmp, ds.name(), 3, "document");
    new EvalRunner(config.withIndexDir(other), log::add).ensureIndex(ds, "document", false, ProgressListener.NONE);
    assertThat(log).anyMatch(l -> l.startsWith("regrouping"));
  }

  /**
   * An index built with other chunking is neither reused nor regrouped: its passages are not those the settings
   * ask for, so its figures would be reported under the wrong settings.
   */
  @Test
  void anIndexOfOtherChunkingIsNotReusedNorRegrouped(@TempDir Path tmp) throws Exception {
    BeirDataset ds = BeirDataset.load(Path.of(EvalRunnerIT.class.getResource("/xquad-mini/corpus.jsonl").toURI())
        .getParent());
    java.util.function.Function<String, dev.mode.config.ModeConfig> config = maxTokens -> dev.mode.config.ConfigLoader
        .withDefaults().set("experts.count", "2", "test").set("embedding.model", "all-minilm-l6-v2", "test")
        .set("chunking.max-tokens", maxTokens, "test").set("chunking.overlap-tokens", "8", "test").load();
    Path index = EvalRunner.defaultIndexDir(tmp, ds.name(), 2, "default");
    List<String> log = new ArrayList<>();
    new EvalRunner(config.apply("64").withIndexDir(index), log::add).ensureIndex(ds, "default", false,
        ProgressListener.NONE);
    new EvalRunner(config.apply("48").withIndexDir(index), log::add).ensureIndex(ds, "default", false,
        ProgressListener.NONE);
    assertThat(log).noneMatch(l -> l.startsWith("reusing"));
    assertThat(chunkMaxTokens(index)).isEqualTo(48);

    Path other = EvalRunner.defaultIndexDir(tmp, ds.name(), 2, "document");
    new EvalRunner(config.apply("64").withIndexDir(other), log::add).ensureIndex(ds, "document", false,
        ProgressListener.NONE);
    assertThat(log).as("the sibling holds 48-token passages").noneMatch(l -> l.startsWith("regrouping"));
    assertThat(chunkMaxTokens(other)).isEqualTo(64);
  }

  /** An index eval did not build (a production index given as --index) is not replaced unless --rebuild says so. */
  @Test
  void anIndexEvalDidNotBuildIsNotReplaced(@TempDir Path tmp) throws Exception {
    BeirDataset ds = BeirDataset.load(Path.of(EvalRunnerIT.class.getResource("/xquad-mini/corpus.jsonl").toURI())
        .getParent());
    Path index = tmp.resolve("production");
    var config = dev.mode.config.ConfigLoader.withDefaults().set("experts.count", "1", "test")
        .set("embedding.model", "all-minilm-l6-v2", "test").load().withIndexDir(index);
    Path docs = Files.writeString(tmp.resolve("docs.jsonl"), "{\"id\": \"p1\", \"text\": \"Our own document.\"}\n");
    dev.mode.indexer.Indexer.builder().config(config).source(new dev.mode.indexer.ingest.JsonlSource(docs)).build()
        .run(ProgressListener.NONE);
    assertThatThrownBy(() -> new EvalRunner(config, s -> {}).ensureIndex(ds, "default", false, ProgressListener.NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds an index that eval did not build")
        .hasMessageContaining("--rebuild");
    var live = dev.mode.core.index.Manifest.read(new dev.mode.core.index.IndexLayout(index).requireCurrent());
    assertThat(live.generation()).isEqualTo(1);
    assertThat(live.documents()).isEqualTo(1);
  }

  static int chunkMaxTokens(Path index) throws java.io.IOException {
    return dev.mode.core.index.Manifest.read(new dev.mode.core.index.IndexLayout(index).requireCurrent())
        .chunkMaxTokens();
  }
}
