package dev.mode.core.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mode.core.embed.EmbeddingModel;
import dev.mode.core.embed.OnnxEmbedder;
import dev.mode.core.index.GenerationWriter;
import dev.mode.core.index.IndexLayout;
import dev.mode.core.index.IndexSettings;
import dev.mode.core.index.Manifest;
import dev.mode.core.index.ModeIndex;
import dev.mode.core.index.Passage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains a learned gate on a real (small) generation and routes unseen questions with it. */
class LearnedGateTest {
  private static final List<List<String>> TOPICS = List.of(
      List.of("aircraft", "wing", "airfoil", "lift", "drag", "supersonic", "shock wave", "boundary layer", "jet engine",
          "turbulence"),
      List.of("bread", "oven", "dough", "yeast", "flour", "butter", "recipe", "sugar", "baking", "pastry"),
      List.of("galaxy", "telescope", "star", "planet", "orbit", "nebula", "comet", "astronomer", "black hole",
          "supernova"));

  private static String sentence(List<String> words, Random r) {
    return "The " + words.get(r.nextInt(words.size())) + " and the " + words.get(r.nextInt(words.size()))
        + " were studied together with the " + words.get(r.nextInt(words.size())) + " in this report. It describes the "
        + words.get(r.nextInt(words.size())) + " in detail.";
  }

  @Test
  void routesQuestionsToTheExpertHoldingTheirTopic(@TempDir Path dir) throws Exception {
    Random r = new Random(3);
    try (var embedder = OnnxEmbedder.load(EmbeddingModel.byId("bge-small-en-v1.5"), 2, 16)) {
      List<String> texts = new ArrayList<>();
      List<Integer> topic = new ArrayList<>();
      for (int t = 0; t < TOPICS.size(); t++) {
        for (int i = 0; i < 15; i++) {
          texts.add(sentence(TOPICS.get(t), r));
          topic.add(t);
        }
      }
      List<float[]> vs = embedder.embedPassages(texts);
      var layout = new IndexLayout(dir);
      try (var w = GenerationWriter.create(layout, 3, new IndexSettings("bge-small-en-v1.5", 384, 200, 0, 1))) {
        for (int i = 0; i < texts.size(); i++) {
          String t = texts.get(i);
          w.add(topic.get(i), new Passage(Passage.idOf("d" + i, 0), "d" + i, 0, "", t, "s", "text/plain", 0, Map.of(), 0,
              t.length(), vs.get(i)));
        }
        var experts = w.closeShards();
        var trainer = new LearnedGateTrainer(200, 16, 10, 40, 5, 1.0, 0.01, 2);
        Manifest.GateInfo info = trainer.train(w.directory(), experts, embedder, 42);
        assertThat(info).isEqualTo(new Manifest.GateInfo("learned", LearnedGateTrainer.FILE));
        assertThat(Files.size(w.directory().resolve(info.file()))).isPositive();
        w.publish(info);
      }
      try (ModeIndex index = ModeIndex.open(dir)) {
        List<String> fallbacks = new ArrayList<>();
        Gate gate = Gates.forIndex(index, "learned", fallbacks::add);
        assertThat(fallbacks).isEmpty();
        assertThat(gate.kind()).isEqualTo("learned");
        String[][] questions = {
            {"How does a wing produce lift at supersonic speed?", "What causes drag on an airfoil?"},
            {"How long should bread dough rise with yeast?", "Which flour is best for pastry?"},
            {"How do astronomers find a planet around a star?", "What is left after a supernova?"}};
        for (int t = 0; t < questions.length; t++) {
          for (String q : questions[t]) {
            double[] p = gate.probabilities(embedder.embedQuery(q), q);
            assertThat(java.util.Arrays.stream(p).sum()).isCloseTo(1.0, within(1e-9));
            assertThat(RoutingPolicy.fixed(1).choose(p).experts()).as(q).containsExactly(t);
          }
        }
      }
      // a gate saved by an older MODE (format 1) is not read: the engine routes by centroid and says why
      Path gateFile;
      try (ModeIndex index = ModeIndex.open(dir)) {
        gateFile = index.generationDir().resolve(LearnedGateTrainer.FILE);
      }
      byte[] bytes = Files.readAllBytes(gateFile);
      java.nio.ByteBuffer.wrap(bytes).putInt(4, 1);
      Files.write(gateFile, bytes);
      Path gen = gateFile.getParent().getParent();
      Manifest m = Manifest.read(gen); // as that MODE wrote it: the manifest's checksum matches the file
      new Manifest(m.formatVersion(), m.generation(), m.createdAt(), m.embeddingModel(), m.dimension(),
          m.chunkMaxTokens(), m.chunkOverlapTokens(), m.experts(), m.gate(), m.documents(), m.passages(),
          dev.mode.core.index.GenerationWriter.checksums(gen), m.changedSinceClustering(), m.replication()).write(gen);
      try (ModeIndex index = ModeIndex.open(dir)) {
        List<String> fallbacks = new ArrayList<>();
        Gate gate = Gates.forIndex(index, "learned", fallbacks::add);
        assertThat(gate.kind()).isEqualTo("centroid");
        assertThat(fallbacks).singleElement().asString().contains("format 1");
      }
    }
  }
}
