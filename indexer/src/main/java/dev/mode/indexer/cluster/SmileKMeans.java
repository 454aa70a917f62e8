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
    return fit(vectors, k, seed).group().clone();
  }

  /** The {@code k} centroids k-means finds for {@code vectors} (at least {@code k + 1} of them). */
  public float[][] centroids(float[][] vectors, int k, long seed) {
    double[][] centers = fit(vectors, k, seed).centers();
    float[][] out = new float[centers.length][];
    for (int c = 0; c < centers.length; c++) {
      out[c] = new float[centers[c].length];
      for (int j = 0; j < out[c].length; j++) {
        out[c][j] = (float) centers[c][j];
      }
    }
    return out;
  }

  private CentroidClustering<double[], double[]> fit(float[][] vectors, int k, long seed) {
    double[][] data = new double[vectors.length][];
    for (int i = 0; i < vectors.length; i++) {
      data[i] = new double[vectors[i].length];
      for (int j = 0; j < vectors[i].length; j++) {
        data[i][j] = vectors[i][j];
      }
    }
    synchronized (SMILE_RANDOM) {
      MathEx.setSeed(seed);
      return KMeans.fit(data, k, maxIterations);
    }
  }
}
