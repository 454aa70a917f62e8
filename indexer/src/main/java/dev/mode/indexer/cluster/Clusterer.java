package dev.mode.indexer.cluster;

/**
 * Groups unit-length vectors into {@code k} clusters. An interface so the query side of MODE never depends on
 * the clustering library (Smile, GPL-3.0), which only the indexer uses.
 */
public interface Clusterer {

  /** The cluster of each vector, in {@code 0..k-1}; the same input and seed give the same result. */
  int[] cluster(float[][] vectors, int k, long seed);

  /**
   * Like {@link #cluster(float[][], int, long)}, with a weight per vector that size limits count (e.g. the passages
   * of a document clustered by its mean vector). Clusterers without size limits ignore the weights.
   */
  default int[] cluster(float[][] vectors, int[] weights, int k, long seed) {
    return cluster(vectors, k, seed);
  }
}
