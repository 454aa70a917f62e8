package dev.mode.indexer.cluster;

import dev.mode.core.index.Manifest;
import dev.mode.core.index.Replication;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.lucene.util.VectorUtil;

/**
 * Document k-means experts in which the documents nearest a cluster boundary are also written to their
 * second-nearest expert. A query about such a document then finds it whichever of the two experts the gate picks,
 * which plain k-means experts cannot offer (see docs/evaluation.md). The share of documents replicated is
 * bounded, because every copy is a passage scored when its expert is searched; and copies never grow an expert
 * past {@link Replication#COPY_LIMIT} times the mean expert size (of distinct passages), so that they do not pile
 * into the largest experts, which the gate picks most often. The manifest keeps the {@link Replication} rule, so
 * documents added later are copied the same way.
 */
public final class BoundaryReplicationAssigner implements ExpertAssigner {
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

  /** Documents added later are copied when they sit as near a boundary as the share of documents copied here. */
  @Override
  public Replication replication(float[][] vectors, int[] docOf, int documents, List<Manifest.Expert> experts) {
    return Replication.fit(DocumentKMeansAssigner.documentVectors(vectors, docOf, documents), experts, share);
  }

  @Override
  public String name() {
    return "boundary-" + share;
  }

  @Override
  public int[][] assign(float[][] vectors, int[] docOf, int documents, int k, long seed) {
    float[][] docVectors = DocumentKMeansAssigner.documentVectors(vectors, docOf, documents);
    int[] docExpert = clusterer.cluster(docVectors, k, seed);
    float[][] centroids = centroids(docVectors, docExpert, k);
    int[] second = new int[documents];
    double[] gap = new double[documents];
    for (int d = 0; d < documents; d++) {
      double own = VectorUtil.dotProduct(docVectors[d], centroids[docExpert[d]]);
      double bestOther = Double.NEGATIVE_INFINITY;
      second[d] = -1;
      for (int e = 0; e < k; e++) {
        if (e == docExpert[d]) {
          continue;
        }
        double c = VectorUtil.dotProduct(docVectors[d], centroids[e]);
        if (c > bestOther) {
          bestOther = c;
          second[d] = e;
        }
      }
      gap[d] = own - bestOther;
    }
    int replicate = (int) Math.round(share * documents);
    long[] passagesOf = new long[documents];
    long[] size = new long[k];
    for (int d : docOf) {
      passagesOf[d]++;
    }
    for (int d = 0; d < documents; d++) {
      size[docExpert[d]] += passagesOf[d];
    }
    double limit = Replication.COPY_LIMIT * vectors.length / (double) k;
    boolean[] twice = new boolean[documents];
    int copied = 0;
    for (int d : IntStream.range(0, documents).boxed().filter(d -> second[d] >= 0)
        .sorted(Comparator.<Integer>comparingDouble(d -> gap[d]).thenComparing(d -> d)).toList()) {
      if (copied == replicate) {
        break;
      }
      if (size[second[d]] + passagesOf[d] <= limit) {
        twice[d] = true;
        size[second[d]] += passagesOf[d];
        copied++;
      }
    }
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
      VectorUtil.l2normalize(v, false);
    }
    return c;
  }
}
