package dev.mode.indexer.cluster;

import smile.clustering.CentroidClustering;
import smile.clustering.KMeans;
import smile.math.MathEx;

/**
 * k-means with k-means++ seeding (Smile). Vectors are unit length, so Euclidean k-means groups by cosine.
 * Smile draws its seeds from a process-wide random generator, hence the lock around seeding and fitting.
 */
public final class SmileKMeans implements Clusterer {
  private static final Object SMILE_RANDOM = new Object();
  private final int maxIterations;

  public SmileKMeans(int maxIterations) {
    this.maxIterations = maxIterations;
  }

  public SmileKMeans() {
    this(100);
  }

  @Override
  public int[] cluster(float[][] vectors, int k, long seed) {
    if (k <= 1 || vectors.length <= k) {
      int[] out = new int[vectors.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = k <= 1 ? 0 : i % k;
      }
      return out;
    }
    double[][] data = new double[vectors.length][];
    for (int i = 0; i < vectors.length; i++) {
      data[i] = new double[vectors[i].length];
      for (int j = 0; j < vectors[i].length; j++) {
        data[i][j] = vectors[i][j];
      }
    }
    synchronized (SMILE_RANDOM) {
      MathEx.setSeed(seed);
      CentroidClustering<double[], double[]> c = KMeans.fit(data, k, maxIterations);
      return c.group().clone();
    }
  }
}
