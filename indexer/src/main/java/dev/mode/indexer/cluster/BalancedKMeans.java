package dev.mode.indexer.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * k-means for expert building: fits centroids on a seeded random sample when the corpus is large (sample, then
 * assign every vector to its nearest centroid), then enforces a size limit: no cluster may weigh more than
 * {@code maxSizeFactor} times the mean, nor less than the mean divided by it. Vectors of an oversized cluster are
 * moved, those that lose least first, to their nearest cluster with room, as selective search's size-bounded
 * assignment does; an undersized cluster takes the vectors nearest it from clusters that can spare them. Same
 * input and seed, same clusters.
 */
public final class BalancedKMeans implements Clusterer {
  private final SmileKMeans kmeans;
  private final double maxSizeFactor;
  private final int sampleSize;

  /**
   * @param kmeans fits the centroids
   * @param maxSizeFactor largest cluster weight as a multiple of the mean, and smallest as the mean divided by it
   *     ({@code >= 1}; infinity: no limit)
   * @param sampleSize most vectors the centroids are fitted on; larger inputs are sampled
   */
  public BalancedKMeans(SmileKMeans kmeans, double maxSizeFactor, int sampleSize) {
    if (!(maxSizeFactor >= 1)) {
      throw new IllegalArgumentException("maxSizeFactor must be at least 1, not " + maxSizeFactor);
    }
    if (sampleSize < 2) {
      throw new IllegalArgumentException("sampleSize must be at least 2");
    }
    this.kmeans = kmeans;
    this.maxSizeFactor = maxSizeFactor;
    this.sampleSize = sampleSize;
  }

  @Override
  public int[] cluster(float[][] vectors, int k, long seed) {
    int[] ones = new int[vectors.length];
    Arrays.fill(ones, 1);
    return cluster(vectors, ones, k, seed);
  }

  @Override
  public int[] cluster(float[][] vectors, int[] weights, int k, long seed) {
    int n = vectors.length;
    if (k <= 1 || n <= k) {
      return kmeans.cluster(vectors, k, seed);
    }
    float[][] sample = n <= sampleSize ? vectors : sample(vectors, sampleSize, seed);
    float[][] centroids = kmeans.centroids(sample, k, seed);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = nearest(vectors[i], centroids);
    }
    balance(vectors, weights, centroids, out);
    return out;
  }

  /** A seeded sample of {@code m} vectors without replacement (partial Fisher-Yates), in input order. */
  static float[][] sample(float[][] vectors, int m, long seed) {
    int[] idx = new int[vectors.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    var rnd = new SplittableRandom(seed);
    for (int i = 0; i < m; i++) {
      int j = i + rnd.nextInt(idx.length - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    int[] chosen = Arrays.copyOf(idx, m);
    Arrays.sort(chosen);
    float[][] out = new float[m][];
    for (int i = 0; i < m; i++) {
      out[i] = vectors[chosen[i]];
    }
    return out;
  }

  /** Moves vectors out of clusters above the size cap into their nearest cluster with room, then fills small ones. */
  void balance(float[][] vectors, int[] weights, float[][] centroids, int[] assignment) {
    int k = centroids.length;
    long total = 0;
    long heaviest = 0;
    long[] size = new long[k];
    for (int i = 0; i < vectors.length; i++) {
      size[assignment[i]] += weights[i];
      total += weights[i];
      heaviest = Math.max(heaviest, weights[i]);
    }
    if (Double.isInfinite(maxSizeFactor)) {
      return;
    }
    long cap = Math.max(heaviest, (long) Math.ceil(maxSizeFactor * total / k));
    for (int c = 0; c < k; c++) {
      if (size[c] <= cap) {
        continue;
      }
      final int cluster = c;
      // Members ordered by how little moving costs: distance to the nearest other centroid minus to their own.
      List<int[]> members = new ArrayList<>();
      List<Double> cost = new ArrayList<>();
      for (int i = 0; i < vectors.length; i++) {
        if (assignment[i] == cluster) {
          members.add(new int[] {i, members.size()});
          double own = dist(vectors[i], centroids[cluster]);
          double best = Double.MAX_VALUE;
          for (int o = 0; o < k; o++) {
            if (o != cluster) {
              best = Math.min(best, dist(vectors[i], centroids[o]));
            }
          }
          cost.add(best - own);
        }
      }
      members.sort(Comparator.<int[]>comparingDouble(m -> cost.get(m[1])).thenComparingInt(m -> m[0]));
      for (int[] m : members) {
        if (size[cluster] <= cap) {
          break;
        }
        int i = m[0];
        int target = -1;
        double best = Double.MAX_VALUE;
        for (int o = 0; o < k; o++) {
          if (o != cluster && size[o] + weights[i] <= cap) {
            double d = dist(vectors[i], centroids[o]);
            if (d < best) {
              best = d;
              target = o;
            }
          }
        }
        if (target < 0) {
          break; // no cluster has room (only possible with a cap at the heaviest single item)
        }
        assignment[i] = target;
        size[cluster] -= weights[i];
        size[target] += weights[i];
      }
    }
    fill(vectors, weights, centroids, assignment, size, (long) Math.floor(total / (maxSizeFactor * k)), cap);
  }

  /**
   * Grows clusters below {@code floor} with the vectors nearest them, those that lose least first, taken from
   * clusters that stay at or above the floor. k-means can leave a cluster around a few outliers; an expert of a
   * handful of passages is one the gate rarely picks, and the query load then falls on the others.
   */
  private static void fill(float[][] vectors, int[] weights, float[][] centroids, int[] assignment, long[] size,
      long floor, long cap) {
    int k = centroids.length;
    Integer[] order = new Integer[k];
    for (int c = 0; c < k; c++) {
      order[c] = c;
    }
    Arrays.sort(order, Comparator.<Integer>comparingLong(c -> size[c]).thenComparingInt(c -> c));
    for (int cluster : order) {
      if (size[cluster] >= floor) {
        continue;
      }
      List<double[]> candidates = new ArrayList<>(); // {vector, cost of moving it here}
      for (int i = 0; i < vectors.length; i++) {
        if (assignment[i] != cluster) {
          candidates.add(new double[] {i,
              dist(vectors[i], centroids[cluster]) - dist(vectors[i], centroids[assignment[i]])});
        }
      }
      candidates.sort(Comparator.<double[]>comparingDouble(c -> c[1]).thenComparingDouble(c -> c[0]));
      for (double[] c : candidates) {
        if (size[cluster] >= floor) {
          break;
        }
        int i = (int) c[0];
        int from = assignment[i];
        if (size[from] - weights[i] >= floor && size[cluster] + weights[i] <= cap) {
          assignment[i] = cluster;
          size[from] -= weights[i];
          size[cluster] += weights[i];
        }
      }
    }
  }

  private static int nearest(float[] v, float[][] centroids) {
    int best = 0;
    double bestD = Double.MAX_VALUE;
    for (int c = 0; c < centroids.length; c++) {
      double d = dist(v, centroids[c]);
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    return best;
  }

  private static double dist(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      s += d * d;
    }
    return s;
  }
}
