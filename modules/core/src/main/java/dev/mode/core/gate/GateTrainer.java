package dev.mode.core.gate;

import dev.mode.core.embed.Embedder;
import dev.mode.core.index.Manifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the gate of a new index generation once its shards are written and closed, before it is published.
 * A trainer may write files into the generation directory and names them in the {@link Manifest.GateInfo} it
 * returns; the gate is thereby versioned with the experts it routes between.
 */
public interface GateTrainer {

  /**
   * @param generationDir the (not yet published) generation, whose shards can be opened read-only
   * @param experts the experts with their centroids
   * @param embedder the index's embedding model, for embedding pseudo-queries
   * @param seed seed for anything random
   */
  Manifest.GateInfo train(Path generationDir, List<Manifest.Expert> experts, Embedder embedder, long seed)
      throws IOException;

  /** The centroid gate needs no training: it routes by the centroids in the manifest. */
  GateTrainer CENTROID = (dir, experts, embedder, seed) -> new Manifest.GateInfo("centroid", null);
}
