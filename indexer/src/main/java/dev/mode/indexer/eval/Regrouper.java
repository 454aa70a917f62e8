package dev.mode.indexer.eval;

import dev.mode.core.embed.Embedder;
import dev.mode.core.embed.EmbeddingModel;
import dev.mode.core.embed.OnnxEmbedder;
import dev.mode.core.gate.GateTrainer;
import dev.mode.core.index.ExpertShard;
import dev.mode.core.index.GenerationWriter;
import dev.mode.core.index.IndexLayout;
import dev.mode.core.index.IndexSettings;
import dev.mode.core.index.Manifest;
import dev.mode.core.index.ModeIndex;
import dev.mode.core.index.Passage;
import dev.mode.core.index.PassageFields;
import dev.mode.indexer.cluster.ExpertAssigner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an evaluation index with other experts from the passages of an existing one, without parsing, chunking
 * or embedding again: the passages (with their stored vectors) are read back, regrouped by another
 * {@link ExpertAssigner} and written as a new generation with a freshly trained gate. Embedding is most of the
 * cost of indexing on two cores, so comparing expert constructions this way takes seconds instead of minutes.
 */
final class Regrouper {
  private Regrouper() {}

  /** Regroups {@code source}'s passages into {@code experts} experts under {@code target}. */
  static Manifest regroup(Path source, Path target, ExpertAssigner assigner, int experts, GateTrainer trainer,
      int embeddingThreads, long seed) throws IOException {
    List<Passage> passages = new ArrayList<>();
    IndexSettings settings;
    try (ModeIndex index = ModeIndex.open(source)) {
      Manifest m = index.manifest();
      settings = new IndexSettings(m.embeddingModel(), m.dimension(), m.chunkMaxTokens(), m.chunkOverlapTokens(), 1);
      Map<String, Passage> byId = new LinkedHashMap<>();
      for (ExpertShard s : index.shards()) {
        var sf = s.reader().storedFields();
        for (int d = 0; d < s.reader().maxDoc(); d++) {
          Passage p = PassageFields.read(sf, d);
          byId.putIfAbsent(p.id(), p);
        }
      }
      passages.addAll(byId.values());
    }
    // the order the indexer wrote them in: documents by first appearance, passages by ordinal
    Map<String, Integer> docIndex = new HashMap<>();
    passages.sort(Comparator.comparing(Passage::docId).thenComparingInt(Passage::ordinal));
    int[] docOf = new int[passages.size()];
    float[][] vectors = new float[passages.size()][];
    for (int i = 0; i < passages.size(); i++) {
      docOf[i] = docIndex.computeIfAbsent(passages.get(i).docId(), k -> docIndex.size());
      vectors[i] = passages.get(i).vector();
    }
    int[][] expertsOf = assigner.assign(vectors, docOf, docIndex.size(), experts, seed);
    try (var writer = GenerationWriter.create(new IndexLayout(target), experts, settings);
        Embedder embedder = OnnxEmbedder.load(EmbeddingModel.byId(settings.embeddingModel()), embeddingThreads, 32)) {
      for (int i = 0; i < passages.size(); i++) {
        for (int e : expertsOf[i]) {
          writer.add(e, passages.get(i));
        }
      }
      List<Manifest.Expert> ex = writer.closeShards();
      return writer.publish(trainer.train(writer.directory(), ex, embedder, seed),
          assigner.replication(vectors, docOf, docIndex.size(), ex));
    }
  }
}
