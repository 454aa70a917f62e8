package dev.mode.indexer.cluster;

import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Document k-means experts in which the documents nearest a cluster boundary are also written to their
 * second-nearest expert. A query about such a document then finds it whichever of the two experts the gate picks,
 * which plain k-means experts cannot offer (see docs/evaluation.md). The share of documents replicated is
 * bounded, because every copy is a passage scored when its expert is searched.
 */
public final class BoundaryReplicationAssigner implements ExpertAssigner {
  /** The share replicated when none is given (measured in docs/evaluation.md). */
  public static final double DEFAULT_SHARE = 0.1;

  private final Clusterer clusterer;
  private final double share;

  /**
   * @param clusterer groups document vectors
   * @param share fraction of documents (those with the smallest gap between their nearest and second-nearest
   *     centroid) also placed in the second-nearest expert, in [0, 1]
   */
  public BoundaryReplicationAssigner(Clusterer clusterer, double share) {
    if (share < 0 || share > 1) {
      throw new IllegalArgumentException("the replicated share must be in [0, 1], not " + share);
    }
    this.clusterer = clusterer;
    this.share = share;
  }

  /** Replicates {@link #DEFAULT_SHARE} of the documents. */
  public BoundaryReplicationAssigner(Clusterer clusterer) {
    this(clusterer, DEFAULT_SHARE);
  }

  @Override
  public int[][] assign(float[][] vectors, int[] docOf, int documents, int k, long seed) {
    float[][] docVectors = DocumentKMeansAssigner.documentVectors(vectors, docOf, documents);
    int[] docExpert = clusterer.cluster(docVectors, k, seed);
    float[][] centroids = centroids(docVectors, docExpert, k);
    int[] second = new int[documents];
    double[] gap = new double[documents];
    for (int d = 0; d < documents; d++) {
      double own = dot(docVectors[d], centroids[docExpert[d]]);
      double bestOther = Double.NEGATIVE_INFINITY;
      second[d] = -1;
      for (int e = 0; e < k; e++) {
        if (e == docExpert[d]) {
          continue;
        }
        double c = dot(docVectors[d], centroids[e]);
        if (c > bestOther) {
          bestOther = c;
          second[d] = e;
        }
      }
      gap[d] = own - bestOther;
    }
    int replicate = (int) Math.round(share * documents);
    boolean[] twice = new boolean[documents];
    IntStream.range(0, documents).boxed().filter(d -> second[d] >= 0)
        .sorted(Comparator.<Integer>comparingDouble(d -> gap[d]).thenComparing(d -> d))
        .limit(replicate).forEach(d -> twice[d] = true);
    int[][] out = new int[vectors.length][];
    for (int i = 0; i < out.length; i++) {
      int d = docOf[i];
      out[i] = twice[d] ? new int[] {docExpert[d], second[d]} : new int[] {docExpert[d]};
    }
    return out;
  }

  @Override
  public String toString() {
    return "boundary replication of " + share + " of documents";
  }

  static float[][] centroids(float[][] vectors, int[] cluster, int k) {
    int dim = vectors.length == 0 ? 0 : vectors[0].length;
    float[][] c = new float[k][dim];
    for (int i = 0; i < vectors.length; i++) {
      for (int j = 0; j < dim; j++) {
        c[cluster[i]][j] += vectors[i][j];
      }
    }
    for (float[] v : c) {
      normalise(v);
    }
    return c;
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static void normalise(float[] v) {
    double n = Math.sqrt(dot(v, v));
    for (int j = 0; j < v.length && n > 0; j++) {
      v[j] /= (float) n;
    }
  }
}
