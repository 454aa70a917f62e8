package dev.mode.indexer.cluster;

/**
 * Experts from passages clustered on their own vectors: each passage goes to the expert of its own cluster, so a
 * long document whose parts are about different things may spread over several experts.
 */
public final class PassageKMeansAssigner implements ExpertAssigner {
  private final Clusterer clusterer;

  public PassageKMeansAssigner(Clusterer clusterer) {
    this.clusterer = clusterer;
  }

  @Override
  public String name() {
    return "passage";
  }

  @Override
  public boolean balancesDocuments() {
    return false;
  }

  @Override
  public int[][] assign(float[][] vectors, int[] docOf, int documents, int k, long seed) {
    int[] cluster = clusterer.cluster(vectors, k, seed);
    int[][] out = new int[vectors.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = new int[] {cluster[i]};
    }
    return out;
  }
}
